package org.failoverwatchdog.drills.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.failoverwatchdog.configyaml.YamlNode;

/**
 * Turns inventory YAML into an {@link Inventory}, refusing anything unclear before a drill touches
 * a node. Relative paths are resolved against a base directory: the inventory file's folder, or the
 * repository root for the embedded lab inventory.
 */
public final class InventoryLoader {
    public static final String LAB_RESOURCE = "lab-inventory.yml";
    private static final String HEALTH_URL_EXAMPLE = "https://app.example.com/edge/rest/health";

    private InventoryLoader() {}

    public static Inventory fromFile(Path file) throws InventoryException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InventoryException(
                    file
                            + ": cannot read the inventory ("
                            + e.getMessage()
                            + ") (fix: pass an existing YAML file with --inventory)");
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), base);
    }

    /** The lab's inventory, shipped in the jar; its paths are relative to the repository root. */
    public static Inventory lab(Path repoRoot) throws InventoryException {
        try (InputStream in = InventoryLoader.class.getResourceAsStream("/" + LAB_RESOURCE)) {
            if (in == null)
                throw new InventoryException(
                        LAB_RESOURCE + ": missing from the jar (fix: rebuild drills)");
            return parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "lab-inventory.yml (embedded)",
                    repoRoot);
        } catch (IOException e) {
            throw new InventoryException(LAB_RESOURCE + ": " + e.getMessage());
        }
    }

    public static Inventory parse(String text, String source, Path base) throws InventoryException {
        YamlNode<InventoryException> root =
                YamlNode.parse(
                                source,
                                text,
                                "start from drills/src/main/resources/lab-inventory.yml",
                                InventoryException::new)
                        .allowOnly(
                                Set.of(
                                        "nodes",
                                        "witness",
                                        "ssh",
                                        "lb",
                                        "database",
                                        "stack",
                                        "repmgr",
                                        "watchdog",
                                        "power_off",
                                        "upgrade"));

        List<Inventory.Node> nodes =
                nodes(root.req("nodes", "list the two data nodes with name and address"));
        Optional<Inventory.Node> witness =
                root.opt("witness").isPresent()
                        ? Optional.of(node(root.req("witness", "")))
                        : Optional.empty();
        Inventory.Ssh ssh = ssh(root.req("ssh", "give user, private_key and known_hosts"), base);
        Inventory.Lb lb =
                lb(root.req("lb", "give health_url, the load balancer's public health URL"));
        Inventory.Database db =
                database(
                        root.req("database", "give name, user and passfile (or password_file)"),
                        base);
        Inventory.Stack stack = stack(root.opt("stack"));
        Inventory.Repmgr repmgr = repmgr(root.opt("repmgr"));
        Inventory.WatchdogUnit wd = watchdog(root.opt("watchdog"));
        PowerOff power =
                powerOff(
                        root.req("power_off", "set mode: container (lab), clean, or command"),
                        nodes);
        Optional<Inventory.Upgrade> upgrade =
                root.opt("upgrade").isPresent()
                        ? Optional.of(upgrade(root.req("upgrade", ""), base))
                        : Optional.empty();
        return new Inventory(
                source, nodes, witness, ssh, lb, db, stack, repmgr, wd, power, upgrade);
    }

    private static List<Inventory.Node> nodes(YamlNode<InventoryException> f)
            throws InventoryException {
        List<YamlNode<InventoryException>> items = f.list();
        if (items.size() != 2) {
            throw f.error(
                    items.size() + " data nodes listed",
                    "list exactly the two data nodes (the witness goes under witness:)");
        }
        List<Inventory.Node> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode<InventoryException> item : items) {
            Inventory.Node n = node(item);
            if (!seen.add(n.name()))
                throw item.error(
                        "node name '" + n.name() + "' is used twice",
                        "give each node its own name");
            if (!seen.add(n.address()))
                throw item.error(
                        "address " + n.address() + " is used twice",
                        "give each node its own address");
            out.add(n);
        }
        return out;
    }

    private static Inventory.Node node(YamlNode<InventoryException> f) throws InventoryException {
        f.allowOnly(Set.of("name", "address", "container"));
        String name =
                f.req(
                                "name",
                                "write the node's name as the stack knows it (NODE name in heartbeat rows), e.g. node1")
                        .string();
        String address =
                f.req("address", "write the node's fixed address, e.g. 10.0.0.11").address();
        Optional<String> container =
                f.opt("container").isPresent()
                        ? Optional.of(f.req("container", "").string())
                        : Optional.empty();
        return new Inventory.Node(name, address, container);
    }

    private static Inventory.Ssh ssh(YamlNode<InventoryException> f, Path base)
            throws InventoryException {
        f.allowOnly(Set.of("user", "port", "private_key", "known_hosts", "connect_timeout"));
        String user =
                f.req(
                                "user",
                                "write the SSH user that may run docker, iptables and systemctl (e.g. root)")
                        .string();
        int port = f.intOr("port", 22, 1, 65535);
        Path key =
                base.resolve(f.req("private_key", "name the SSH private key file").string())
                        .normalize();
        Path kh =
                base.resolve(
                                f.req(
                                                "known_hosts",
                                                "name a known_hosts file with every node's host key (host keys are always verified)")
                                        .string())
                        .normalize();
        Duration t =
                f.opt("connect_timeout").isPresent()
                        ? f.req("connect_timeout", "")
                                .duration(Duration.ofMillis(500), Duration.ofSeconds(60))
                        : Duration.ofSeconds(5);
        return new Inventory.Ssh(user, port, key, kh, t);
    }

    private static Inventory.Lb lb(YamlNode<InventoryException> f) throws InventoryException {
        f.allowOnly(
                Set.of(
                        "health_url",
                        "connect_to",
                        "host_header",
                        "insecure_tls",
                        "stats_csv_url",
                        "stats_backend",
                        "timeout"));
        var url =
                f.req("health_url", "write the LB's public health URL, e.g. " + HEALTH_URL_EXAMPLE)
                        .url(Set.of("http", "https"), HEALTH_URL_EXAMPLE);
        Optional<String> connectTo =
                f.opt("connect_to").isPresent()
                        ? Optional.of(f.req("connect_to", "").address())
                        : Optional.empty();
        Optional<String> host =
                f.opt("host_header").isPresent()
                        ? Optional.of(f.req("host_header", "").string())
                        : Optional.empty();
        boolean insecure = f.boolOr("insecure_tls", false);
        var stats =
                f.opt("stats_csv_url").isPresent()
                        ? Optional.of(
                                f.req("stats_csv_url", "")
                                        .url(
                                                Set.of("http", "https"),
                                                "http://10.0.0.10:8404/stats;csv"))
                        : Optional.<java.net.URI>empty();
        Optional<String> backend =
                f.opt("stats_backend").isPresent()
                        ? Optional.of(f.req("stats_backend", "").string())
                        : Optional.empty();
        if (stats.isPresent() && backend.isEmpty()) {
            throw f.error(
                    "stats_csv_url is set but stats_backend is not",
                    "name the HAProxy backend whose servers are the nodes, e.g. nodes_https");
        }
        // At most 3 s: probes run once a second, and a hanging request must count as one bad
        // second (as the reference deployment counted it), not pile up.
        Duration timeout =
                f.opt("timeout").isPresent()
                        ? f.req("timeout", "")
                                .duration(Duration.ofMillis(200), Duration.ofSeconds(3))
                        : Duration.ofMillis(2500);
        return new Inventory.Lb(url, connectTo, host, insecure, stats, backend, timeout);
    }

    private static Inventory.Database database(YamlNode<InventoryException> f, Path base)
            throws InventoryException {
        f.allowOnly(
                Set.of(
                        "name",
                        "user",
                        "pgpool_port",
                        "postgres_port",
                        "passfile",
                        "password_file"));
        String name = f.req("name", "write the application database, e.g. app").string();
        String user = f.req("user", "write the application user, e.g. app").string();
        int pgpool = f.intOr("pgpool_port", 9999, 1, 65535);
        int pg = f.intOr("postgres_port", 5432, 1, 65535);
        boolean pf = f.opt("passfile").isPresent(), pw = f.opt("password_file").isPresent();
        if (pf == pw) {
            throw f.error(
                    pf ? "both passfile and password_file are set" : "no password source",
                    "set passfile (a libpq passfile, mode 0600) or password_file (a file with only the password); never the password itself");
        }
        Inventory.Secret secret =
                pf
                        ? new Inventory.Secret.PassFile(
                                base.resolve(f.req("passfile", "").string()).normalize())
                        : new Inventory.Secret.PasswordFile(
                                base.resolve(f.req("password_file", "").string()).normalize());
        return new Inventory.Database(name, user, pgpool, pg, secret);
    }

    private static Inventory.Stack stack(Optional<YamlNode<InventoryException>> of)
            throws InventoryException {
        List<String> defaultTypes = List.of("GATEWAY", "DATASERVICE", "EDGE", "BASTION");
        if (of.isEmpty())
            return new Inventory.Stack("/opt/fw/stack", "fw", "docker-compose", defaultTypes, 9000);
        YamlNode<InventoryException> f =
                of.get()
                        .allowOnly(
                                Set.of(
                                        "dir",
                                        "project",
                                        "compose",
                                        "service_types",
                                        "router_port"));
        List<String> types =
                f.opt("service_types").isPresent()
                        ? f.req("service_types", "").strings("service type")
                        : defaultTypes;
        String dir = f.stringOr("dir", "/opt/fw/stack");
        if (!dir.startsWith("/"))
            throw f.req("dir", "")
                    .error(
                            "'" + dir + "' is not absolute",
                            "write the project's absolute path on the nodes, e.g. /opt/fw/stack");
        return new Inventory.Stack(
                dir,
                f.stringOr("project", "fw"),
                f.stringOr("compose", "docker-compose"),
                types,
                f.intOr("router_port", 9000, 1, 65535));
    }

    private static Inventory.Repmgr repmgr(Optional<YamlNode<InventoryException>> of)
            throws InventoryException {
        if (of.isEmpty()) return new Inventory.Repmgr("/etc/repmgr.conf", "");
        YamlNode<InventoryException> f = of.get().allowOnly(Set.of("config", "rejoin_command"));
        String rejoin = f.stringOr("rejoin_command", "");
        if (!rejoin.isEmpty() && !rejoin.contains("{primary}")) {
            throw f.req("rejoin_command", "")
                    .error(
                            "does not mention {primary}",
                            "use {primary} where the new primary's address goes");
        }
        return new Inventory.Repmgr(f.stringOr("config", "/etc/repmgr.conf"), rejoin);
    }

    private static Inventory.WatchdogUnit watchdog(Optional<YamlNode<InventoryException>> of)
            throws InventoryException {
        if (of.isEmpty())
            return new Inventory.WatchdogUnit(
                    "/var/lib/failover-watchdog/journal.jsonl",
                    "failover-watchdog.service",
                    "failover-watchdog.timer",
                    "watchdog");
        YamlNode<InventoryException> f =
                of.get().allowOnly(Set.of("journal", "service", "timer", "command"));
        return new Inventory.WatchdogUnit(
                f.stringOr("journal", "/var/lib/failover-watchdog/journal.jsonl"),
                f.stringOr("service", "failover-watchdog.service"),
                f.stringOr("timer", "failover-watchdog.timer"),
                f.stringOr("command", "failover-watchdog"));
    }

    private static Inventory.Upgrade upgrade(YamlNode<InventoryException> f, Path base)
            throws InventoryException {
        f.allowOnly(Set.of("command", "workdir", "deadline", "jar", "installed_jar"));
        String command =
                f.req(
                                "command",
                                "write the command that upgrades both nodes, run on the drill host, e.g."
                                        + " ansible-playbook -i inventory --vault-password-file pw ansible/upgrade.yml")
                        .string();
        Path workdir = base.resolve(f.stringOr("workdir", ".")).normalize();
        Duration deadline =
                f.opt("deadline").isPresent()
                        ? f.req("deadline", "").duration(Duration.ofMinutes(1), Duration.ofHours(2))
                        : Duration.ofMinutes(20);
        Path jar = base.resolve(f.stringOr("jar", "watchdog/target/watchdog.jar")).normalize();
        String installed =
                f.stringOr(
                        "installed_jar", "/usr/local/lib/failover-watchdog/failover-watchdog.jar");
        if (!installed.startsWith("/"))
            throw f.req("installed_jar", "")
                    .error(
                            "'" + installed + "' is not absolute",
                            "write the jar's absolute path on the nodes, e.g."
                                    + " /usr/local/lib/failover-watchdog/failover-watchdog.jar");
        return new Inventory.Upgrade(command, workdir, deadline, jar, installed);
    }

    private static PowerOff powerOff(YamlNode<InventoryException> f, List<Inventory.Node> nodes)
            throws InventoryException {
        f.allowOnly(Set.of("mode", "off", "on"));
        YamlNode<InventoryException> modeF =
                f.req("mode", "set mode: container (lab), clean, or command");
        String mode = modeF.string();
        switch (mode) {
            case "container" -> {
                for (Inventory.Node n : nodes) {
                    if (n.container().isEmpty()) {
                        throw modeF.error(
                                "mode container but node " + n.name() + " has no container",
                                "add container: <name> to "
                                        + n.name()
                                        + ", or use mode clean or command");
                    }
                }
                if (f.opt("off").isPresent() || f.opt("on").isPresent()) {
                    throw modeF.error(
                            "off/on commands given with mode container",
                            "use mode: command to run your own commands");
                }
                return new PowerOff.Container();
            }
            case "clean" -> {
                return new PowerOff.Clean();
            }
            case "command" -> {
                String off =
                        f.req(
                                        "off",
                                        "write the command that cuts a node's power; {node}, {address}, {container} are filled in")
                                .string();
                String on =
                        f.req(
                                        "on",
                                        "write the command that powers a node back on; {node}, {address}, {container} are filled in")
                                .string();
                return new PowerOff.Command(off, on);
            }
            default ->
                    throw modeF.error(
                            "unknown mode '" + mode + "'",
                            "use container (lab), clean (stop the timer, Compose down) or command");
        }
    }
}
