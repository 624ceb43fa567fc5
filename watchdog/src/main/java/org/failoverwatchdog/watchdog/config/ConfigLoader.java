package org.failoverwatchdog.watchdog.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.failoverwatchdog.configyaml.YamlNode;
import org.failoverwatchdog.convergence.JournalRotation;
import org.failoverwatchdog.convergence.PlanExecutor;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.probes.Conninfo;
import org.failoverwatchdog.probes.ConninfoException;

/**
 * Reads and validates watchdog.yml up front (HikariCP style): every problem is reported with the
 * file, line, field and what to change, before anything is observed or touched.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_PATH = Path.of("/etc/failover-watchdog/watchdog.yml");
    private static final Duration MS = Duration.ofMillis(1);
    private static final Duration HOUR = Duration.ofHours(1);

    private ConfigLoader() {}

    public static WatchdogConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(
                    file + ": no such file (fix: write it, or name another with --config)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file, text);
    }

    public static WatchdogConfig parse(Path file, String text) throws ConfigException {
        YamlNode<ConfigException> root =
                YamlNode.parse(
                        file.toString(), text, "see watchdog.example.yml", ConfigException::new);
        root.allowOnly(
                Set.of(
                        "node",
                        "peer",
                        "witness",
                        "postgres",
                        "router",
                        "compose",
                        "docker",
                        "thresholds",
                        "state_dir",
                        "plans",
                        "fencing",
                        "guard",
                        "journal",
                        "metrics",
                        "hooks",
                        "timeouts",
                        "switchover"));

        WatchdogConfig.Node node =
                node(root.req("node", "add node: {name: node1, ip: <this node's IP>}"));
        WatchdogConfig.Node peer =
                node(root.req("peer", "add peer: {name: node2, ip: <the other node's IP>}"));
        if (node.ip().equals(peer.ip())) {
            throw root.req("peer", "")
                    .req("ip", "")
                    .error("the peer's IP is this node's IP", "write the other node's address");
        }
        Optional<WatchdogConfig.Witness> witness =
                root.opt("witness").isPresent()
                        ? Optional.of(witness(root.req("witness", "")))
                        : Optional.empty();

        YamlNode<ConfigException> pg =
                root.req(
                                "postgres",
                                "add postgres: {local: <conninfo>, pooler: <conninfo>, passfile: <path>}")
                        .allowOnly(Set.of("local", "pooler", "peer", "passfile"));
        WatchdogConfig.Postgres postgres =
                new WatchdogConfig.Postgres(
                        conninfo(
                                pg.req(
                                        "local",
                                        "add local: \"host=127.0.0.1 port=5432 dbname=postgres user=watchdog\"")),
                        conninfo(
                                pg.req(
                                        "pooler",
                                        "add pooler: \"host=127.0.0.1 port=9999 dbname=postgres user=watchdog\"")),
                        pg.opt("peer").isPresent()
                                ? Optional.of(conninfo(pg.req("peer", "")))
                                : Optional.empty(),
                        pg.opt("passfile").isPresent()
                                ? Optional.of(passfile(pg.req("passfile", "")))
                                : Optional.empty());

        WatchdogConfig.Router router =
                router(root.req("router", "add router: {status_url: ..., service_types: {...}}"));
        WatchdogConfig.Compose compose =
                compose(root.req("compose", "add compose: {project_dir: /opt/stack}"));

        String dockerHost = "unix:///var/run/docker.sock";
        if (root.opt("docker").isPresent()) {
            YamlNode<ConfigException> d = root.req("docker", "").allowOnly(Set.of("host"));
            if (d.opt("host").isPresent()) {
                YamlNode<ConfigException> h = d.req("host", "");
                dockerHost = h.string();
                if (!dockerHost.startsWith("unix:///")
                        && !dockerHost.matches("tcp://[^/:]+:\\d+/?")) {
                    throw h.error(
                            "'" + dockerHost + "' is not a Docker host",
                            "write unix:///var/run/docker.sock or tcp://host:port");
                }
            }
        }
        WatchdogConfig.Thresholds thresholds = thresholds(root.opt("thresholds"));
        Path stateDir =
                Path.of(
                        root.opt("state_dir").isPresent()
                                ? root.req("state_dir", "").string()
                                : "/var/lib/failover-watchdog");

        WatchdogConfig.Plans defaults = defaultPlans();
        WatchdogConfig.Plans plans =
                root.opt("plans").isPresent()
                        ? PlanParser.plans(root.req("plans", ""), defaults)
                        : defaults;
        WatchdogConfig.Fencing fencing = fencing(root.opt("fencing"), witness.isPresent(), plans);
        return new WatchdogConfig(
                file,
                node,
                peer,
                witness,
                postgres,
                router,
                compose,
                dockerHost,
                thresholds,
                stateDir,
                plans,
                fencing,
                guard(root.opt("guard")),
                journal(root.opt("journal")),
                metrics(root.opt("metrics")),
                hooks(root.opt("hooks")),
                timeouts(root.opt("timeouts")),
                switchover(root.opt("switchover")));
    }

    private static WatchdogConfig.Switchover switchover(Optional<YamlNode<ConfigException>> opt)
            throws ConfigException {
        YamlNode<ConfigException> n = opt.orElse(null);
        if (n != null)
            n.allowOnly(
                    Set.of(
                            "max_lag",
                            "max_lag_time",
                            "repmgr_user",
                            "repmgr_timeout",
                            "settle_timeout"));
        String user = "postgres";
        if (n != null && n.opt("repmgr_user").isPresent()) {
            YamlNode<ConfigException> u = n.req("repmgr_user", "");
            user = u.string();
            // It becomes runuser's argument: a user name, never options or a shell word.
            if (!user.matches("[a-z_][a-z0-9_-]*"))
                throw u.error(
                        "'" + user + "' is not a user name",
                        "write the system user repmgr runs as, e.g. postgres");
        }
        return new WatchdogConfig.Switchover(
                n != null && n.opt("max_lag").isPresent()
                        ? n.req("max_lag", "").size(0, 1L << 40)
                        : 16L << 20,
                dur(n, "max_lag_time", Duration.ofSeconds(10), Duration.ZERO, HOUR),
                user,
                dur(n, "repmgr_timeout", Duration.ofMinutes(3), Duration.ofSeconds(10), HOUR),
                dur(n, "settle_timeout", Duration.ofMinutes(2), Duration.ofSeconds(10), HOUR));
    }

    private static JournalRotation journal(Optional<YamlNode<ConfigException>> opt)
            throws ConfigException {
        if (opt.isEmpty()) return JournalRotation.DEFAULT;
        YamlNode<ConfigException> n = opt.get().allowOnly(Set.of("max_size", "max_age", "keep"));
        JournalRotation d = JournalRotation.DEFAULT;
        // At least 64KB: a transition's line is a few KB, and a file of one or two would make
        // history mostly rotation.
        return new JournalRotation(
                n.opt("max_size").isPresent()
                        ? n.req("max_size", "").size(64L << 10, 1L << 30)
                        : d.maxBytes(),
                dur(n, "max_age", d.maxAge(), HOUR, Duration.ofDays(3650)),
                n.opt("keep").isPresent() ? n.req("keep", "").integer(1, 100) : d.keep());
    }

    private static WatchdogConfig.Metrics metrics(Optional<YamlNode<ConfigException>> opt)
            throws ConfigException {
        if (opt.isEmpty()) return new WatchdogConfig.Metrics(Optional.empty());
        YamlNode<ConfigException> n = opt.get().allowOnly(Set.of("textfile"));
        YamlNode<ConfigException> t =
                n.req(
                        "textfile",
                        "add textfile: /var/lib/node_exporter/textfile_collector/failover_watchdog.prom, or leave metrics out");
        Path p = Path.of(t.string());
        if (!p.isAbsolute())
            throw t.error(
                    "'" + p + "' is not an absolute path",
                    "write the full path in node_exporter's --collector.textfile.directory");
        // The collector reads only *.prom; anything else would be written and never scraped.
        if (!p.getFileName().toString().endsWith(".prom")) {
            throw t.error(
                    "'"
                            + p.getFileName()
                            + "' does not end in .prom (node_exporter's textfile collector reads only *.prom)",
                    "name it e.g. " + p.resolveSibling("failover_watchdog.prom"));
        }
        return new WatchdogConfig.Metrics(Optional.of(p));
    }

    private static WatchdogConfig.Hooks hooks(Optional<YamlNode<ConfigException>> opt)
            throws ConfigException {
        YamlNode<ConfigException> n = opt.orElse(null);
        if (n != null) n.allowOnly(Set.of("on_transition", "timeout"));
        Optional<String> cmd =
                n == null
                        ? Optional.empty()
                        : Optional.of(
                                n.req(
                                                "on_transition",
                                                "add on_transition: <command, run by /bin/sh -c with FW_* variables>, or leave hooks out")
                                        .string());
        // The hook runs inside the tick, under its lock: bounded well below the guard's longest
        // tick.
        return new WatchdogConfig.Hooks(
                cmd,
                dur(
                        n,
                        "timeout",
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(2)));
    }

    private static WatchdogConfig.Timeouts timeouts(Optional<YamlNode<ConfigException>> opt)
            throws ConfigException {
        YamlNode<ConfigException> n = opt.orElse(null);
        if (n != null) n.allowOnly(Set.of("compose", "stop_grace", "docker_api", "gate_poll"));
        return new WatchdogConfig.Timeouts(
                dur(n, "compose", Duration.ofMinutes(3), Duration.ofSeconds(10), HOUR),
                dur(n, "stop_grace", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(5)),
                dur(
                        n,
                        "docker_api",
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(5)),
                dur(
                        n,
                        "gate_poll",
                        PlanExecutor.DEFAULT_POLL,
                        Duration.ofMillis(50),
                        Duration.ofSeconds(10)));
    }

    private static WatchdogConfig.Guard guard(Optional<YamlNode<ConfigException>> opt)
            throws ConfigException {
        YamlNode<ConfigException> n = opt.orElse(null);
        if (n != null) n.allowOnly(Set.of("enabled", "sample_interval", "tick_interval"));
        return new WatchdogConfig.Guard(
                n == null || n.opt("enabled").isEmpty() || n.req("enabled", "").bool(),
                dur(
                        n,
                        "sample_interval",
                        Duration.ofSeconds(1),
                        Duration.ofMillis(200),
                        Duration.ofSeconds(10)),
                dur(
                        n,
                        "tick_interval",
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(10)));
    }

    private static WatchdogConfig.Fencing fencing(
            Optional<YamlNode<ConfigException>> opt, boolean hasWitness, WatchdogConfig.Plans plans)
            throws ConfigException {
        YamlNode<ConfigException> n = opt.orElse(null);
        if (n != null) {
            n.allowOnly(
                    Set.of(
                            "enabled",
                            "fence_after",
                            "services",
                            "rejoin",
                            "rejoin_command",
                            "rejoin_timeout",
                            "repmgr_conf",
                            "timer_unit"));
        }
        boolean enabled =
                n != null && n.opt("enabled").isPresent()
                        ? n.req("enabled", "").bool()
                        : hasWitness;
        if (enabled && !hasWitness) {
            // Two nodes alone cannot tell "the peer is dead" from "I am cut off": a fence would
            // then
            // take down the only survivor, and no fence cannot stop the peer's promotion either.
            throw n.req("enabled", "")
                    .error(
                            "fencing needs a witness",
                            "configure witness:, or set fencing.enabled: false");
        }
        List<String> services;
        if (n != null && n.opt("services").isPresent()) {
            services = n.req("services", "").strings("service");
        } else {
            // Everything the promote plan starts: the fenced node serves nothing; unfence is the
            // promote plan.
            Set<String> all = new java.util.LinkedHashSet<>();
            plans.promote()
                    .forEach(
                            st -> {
                                if (st instanceof Step.Start x) all.addAll(x.services());
                            });
            services = List.copyOf(all);
        }
        boolean rejoinOn = n == null || n.opt("rejoin").isEmpty() || n.req("rejoin", "").bool();
        Optional<String> rejoin =
                !rejoinOn
                        ? Optional.empty()
                        : Optional.of(
                                n != null && n.opt("rejoin_command").isPresent()
                                        ? n.req("rejoin_command", "").string()
                                        : "systemctl start failover-watchdog-rejoin.service && cat /var/lib/failover-watchdog/rejoin.last");
        return new WatchdogConfig.Fencing(
                enabled,
                dur(
                        n,
                        "fence_after",
                        Duration.ofSeconds(2),
                        Duration.ofMillis(500),
                        Duration.ofMinutes(5)),
                services,
                rejoin,
                dur(n, "rejoin_timeout", Duration.ofMinutes(3), Duration.ofSeconds(10), HOUR),
                Path.of(
                        n != null && n.opt("repmgr_conf").isPresent()
                                ? n.req("repmgr_conf", "").string()
                                : "/etc/repmgr.conf"),
                Path.of(
                        n != null && n.opt("timer_unit").isPresent()
                                ? n.req("timer_unit", "").string()
                                : "/etc/systemd/system/failover-watchdog.timer"));
    }

    /**
     * The default sequences (docs/DESIGN.md), kept as YAML so defaults and user plans share one
     * parser.
     */
    public static WatchdogConfig.Plans defaultPlans() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/default-plans.yml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            YamlNode<ConfigException> root =
                    YamlNode.parse(
                            "default-plans.yml",
                            text,
                            "see watchdog.example.yml",
                            ConfigException::new);
            return PlanParser.plans(root.req("plans", ""), null);
        } catch (IOException | ConfigException e) {
            throw new IllegalStateException(
                    "the built-in default plans do not parse: " + e.getMessage(), e);
        }
    }

    private static WatchdogConfig.Node node(YamlNode<ConfigException> n) throws ConfigException {
        return nameAndIp(n.allowOnly(Set.of("name", "ip")));
    }

    private static WatchdogConfig.Node nameAndIp(YamlNode<ConfigException> n)
            throws ConfigException {
        String name = n.req("name", "add name: <hostname>").string();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"))
            throw n.req("name", "")
                    .error("'" + name + "' is not a host name", "use letters, digits, . _ -");
        return new WatchdogConfig.Node(name, n.req("ip", "add ip: <fixed private IPv4>").ip());
    }

    private static WatchdogConfig.Witness witness(YamlNode<ConfigException> n)
            throws ConfigException {
        n.allowOnly(
                Set.of(
                        "name",
                        "ip",
                        "ssh_port",
                        "ssh_user",
                        "ssh_key",
                        "known_hosts",
                        "check_command",
                        "peer_db_command",
                        "reach_port"));
        WatchdogConfig.Node id = nameAndIp(n);
        int port = n.opt("ssh_port").isPresent() ? n.req("ssh_port", "").integer(1, 65535) : 22;
        String user = n.opt("ssh_user").isPresent() ? n.req("ssh_user", "").string() : "watchdog";
        Path key = readable(n.req("ssh_key", "add ssh_key: <private key file, mode 0600>"));
        Path known =
                readable(
                        n.req(
                                "known_hosts",
                                "add known_hosts: <file with the witness's host key>"));
        String cmd =
                n.opt("check_command").isPresent()
                        ? n.req("check_command", "").string()
                        : "pg_isready -q -t 2 -h {peer} -p 5432";
        if (!cmd.contains("{peer}"))
            throw n.req("check_command", "")
                    .error(
                            "the command does not name {peer}",
                            "write {peer} where the peer's IP goes");
        String peerDbCmd = n.stringOr("peer_db_command", "peer-db {peer} 5432");
        if (!peerDbCmd.equals("none") && !peerDbCmd.contains("{peer}"))
            throw n.req("peer_db_command", "")
                    .error(
                            "the command does not name {peer}",
                            "write {peer} where the peer's IP goes, or none to turn it off");
        Optional<String> peerDb =
                peerDbCmd.equals("none") ? Optional.empty() : Optional.of(peerDbCmd);
        // Its PostgreSQL by default: sshd logs every connect that says nothing, twice a second from
        // a guard.
        int reach =
                n.opt("reach_port").isPresent() ? n.req("reach_port", "").integer(1, 65535) : 5432;
        return new WatchdogConfig.Witness(
                id.name(), id.ip(), port, user, key, known, cmd, peerDb, reach);
    }

    private static Path readable(YamlNode<ConfigException> n) throws ConfigException {
        Path p = Path.of(n.string());
        if (!Files.isReadable(p))
            throw n.error(p + " is not a readable file", "create it or correct the path");
        return p;
    }

    private static Path passfile(YamlNode<ConfigException> n) throws ConfigException {
        Path p = Path.of(n.string());
        if (!Files.isReadable(p))
            throw n.error(
                    p + " is not a readable file",
                    "create the passfile (host:port:db:user:password lines) or correct the path");
        try {
            var perms = Files.getPosixFilePermissions(p);
            if (perms.stream()
                    .anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                throw n.error(p + " is readable by group or others", "chmod 0600 " + p);
            }
        } catch (UnsupportedOperationException | IOException ignored) {
            // Not a POSIX file system: nothing to check.
        }
        return p;
    }

    private static Conninfo conninfo(YamlNode<ConfigException> n) throws ConfigException {
        try {
            return Conninfo.parse(n.string());
        } catch (ConninfoException e) {
            throw n.error("not a usable libpq conninfo: " + e.problem(), e.fix());
        }
    }

    private static WatchdogConfig.Router router(YamlNode<ConfigException> n)
            throws ConfigException {
        n.allowOnly(Set.of("status_url", "service_types", "service"));
        String url =
                n.opt("status_url").isPresent()
                        ? n.req("status_url", "").string()
                        : "http://{ip}:9000/router/rest/status";
        if (!url.startsWith("http://") || !url.contains("{ip}")) {
            throw n.req("status_url", "")
                    .error(
                            "'" + url + "' is not an http:// URL with {ip}",
                            "write e.g. http://{ip}:9000/router/rest/status");
        }
        YamlNode<ConfigException> typesNode =
                n.req(
                        "service_types",
                        "add service_types: {GATEWAY: gateway, DATASERVICE: dataservice, EDGE: edge, BASTION: bastion}");
        Map<String, String> types = new LinkedHashMap<>();
        for (String type : typesNode.keys()) {
            if (!type.matches("[A-Z][A-Z0-9_]*"))
                throw typesNode
                        .req(type, "")
                        .error(
                                "registry type '" + type + "' is not upper case",
                                "write types as the registry lists them, e.g. EDGE");
            types.put(type, typesNode.req(type, "").string());
        }
        if (types.isEmpty())
            throw typesNode.error(
                    "no service types", "list the registry types this node must have registered");
        String service = n.opt("service").isPresent() ? n.req("service", "").string() : "router";
        return new WatchdogConfig.Router(url, Map.copyOf(types), service);
    }

    private static WatchdogConfig.Compose compose(YamlNode<ConfigException> n)
            throws ConfigException {
        n.allowOnly(
                Set.of(
                        "project_dir",
                        "project_name",
                        "env_file",
                        "primary_profile",
                        "secondary_profile",
                        "pooler_service"));
        Path dir =
                Path.of(
                        n.req("project_dir", "add project_dir: <the Compose project's directory>")
                                .string());
        String name =
                n.opt("project_name").isPresent()
                        ? n.req("project_name", "").string()
                        : dir.getFileName().toString().toLowerCase().replaceAll("[^a-z0-9_-]", "");
        Path env =
                n.opt("env_file").isPresent()
                        ? Path.of(n.req("env_file", "").string())
                        : dir.resolve(".env");
        String primary =
                n.opt("primary_profile").isPresent()
                        ? n.req("primary_profile", "").string()
                        : "ha-primary";
        String secondary =
                n.opt("secondary_profile").isPresent()
                        ? n.req("secondary_profile", "").string()
                        : "ha-secondary";
        if (primary.equals(secondary))
            throw n.req("secondary_profile", "")
                    .error("same as primary_profile", "use two different profile names");
        String pooler =
                n.opt("pooler_service").isPresent()
                        ? n.req("pooler_service", "").string()
                        : "pgpool";
        return new WatchdogConfig.Compose(dir, name, env, primary, secondary, pooler);
    }

    private static WatchdogConfig.Thresholds thresholds(Optional<YamlNode<ConfigException>> opt)
            throws ConfigException {
        YamlNode<ConfigException> n = opt.orElse(null);
        if (n != null) {
            n.allowOnly(
                    Set.of(
                            "router_absent",
                            "max_observation_gap",
                            "probe_timeout",
                            "repair_grace",
                            "repair_backoff",
                            "min_role_change_interval",
                            "repair_gate_deadline",
                            "peer_port",
                            "crash_loop_repairs",
                            "crash_loop_window"));
        }
        WatchdogConfig.Thresholds t =
                new WatchdogConfig.Thresholds(
                        dur(n, "router_absent", Duration.ofSeconds(5), MS, HOUR),
                        dur(
                                n,
                                "max_observation_gap",
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(1),
                                HOUR),
                        dur(
                                n,
                                "probe_timeout",
                                Duration.ofSeconds(2),
                                Duration.ofMillis(100),
                                Duration.ofSeconds(30)),
                        dur(n, "repair_grace", Duration.ofSeconds(30), Duration.ZERO, HOUR),
                        dur(n, "repair_backoff", Duration.ofSeconds(60), Duration.ZERO, HOUR),
                        dur(
                                n,
                                "min_role_change_interval",
                                Duration.ofSeconds(20),
                                Duration.ZERO,
                                HOUR),
                        dur(
                                n,
                                "repair_gate_deadline",
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(10)),
                        n != null && n.opt("peer_port").isPresent()
                                ? n.req("peer_port", "").integer(1, 65535)
                                : 5432,
                        n != null && n.opt("crash_loop_repairs").isPresent()
                                ? n.req("crash_loop_repairs", "").integer(1, 100)
                                : 3,
                        dur(
                                n,
                                "crash_loop_window",
                                Duration.ofMinutes(10),
                                Duration.ofSeconds(10),
                                Duration.ofHours(24)));
        if (n != null && t.maxObservationGap().compareTo(t.routerAbsent()) <= 0) {
            throw n.req(
                            "max_observation_gap",
                            "max_observation_gap must be longer than router_absent")
                    .error(
                            "must be longer than router_absent",
                            "make it at least two tick intervals, e.g. 30s");
        }
        return t;
    }

    private static Duration dur(
            YamlNode<ConfigException> n, String field, Duration def, Duration min, Duration max)
            throws ConfigException {
        if (n == null || n.opt(field).isEmpty()) return def;
        return n.req(field, "").duration(min, max);
    }
}
