package org.failoverwatchdog.watchdog.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.probes.Conninfo;
import org.failoverwatchdog.probes.EnvFile;
import org.failoverwatchdog.probes.EnvFileException;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPauseTable;
import org.failoverwatchdog.probes.PostgresProbe;
import org.failoverwatchdog.probes.RoleAndTimeline;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.tick.Observer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * `failover-watchdog check`: what the config can only be checked against: the Compose file and the
 * .env.
 */
final class ConfigCheck {
    private static final List<String> COMPOSE_FILES =
            List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");
    private final WatchdogConfig c;
    private final Supplier<Observed<PairPauseTable.Access>> pauseAccess;
    private final Supplier<Optional<Observed<RoleAndTimeline>>> witnessPeerDb;
    private final Supplier<Observed<List<String>>> clusterShow;

    ConfigCheck(WatchdogConfig c) {
        this(
                c,
                () ->
                        new PostgresProbe(c.thresholds().probeTimeout())
                                .pairPauseAccess(c.postgres().local()));
    }

    /**
     * @param pauseAccess what the watchdog's role may do with the pair's pause table in the local
     *     database
     */
    ConfigCheck(WatchdogConfig c, Supplier<Observed<PairPauseTable.Access>> pauseAccess) {
        this(c, pauseAccess, () -> Observer.askWitnessPeerDb(c), () -> clusterShow(c));
    }

    /**
     * @param witnessPeerDb the witness's answer to its peer-db question (empty: no witness, or the
     *     question turned off)
     * @param clusterShow what `repmgr cluster show` printed, line by line
     */
    ConfigCheck(
            WatchdogConfig c,
            Supplier<Observed<PairPauseTable.Access>> pauseAccess,
            Supplier<Optional<Observed<RoleAndTimeline>>> witnessPeerDb,
            Supplier<Observed<List<String>>> clusterShow) {
        this.c = c;
        this.pauseAccess = pauseAccess;
        this.witnessPeerDb = witnessPeerDb;
        this.clusterShow = clusterShow;
    }

    /** `repmgr cluster show`, as the operator's commands run repmgr, within 15 s. */
    private static Observed<List<String>> clusterShow(WatchdogConfig c) {
        Repmgr repmgr = new Repmgr(c, System.getProperty("user.name"), Repmgr.system());
        List<String> argv = repmgr.clusterShow();
        try {
            Repmgr.Run r = repmgr.run(argv, Duration.ofSeconds(15), l -> {});
            if (!r.ok()) return Observed.unknown(r.commandLine() + ": " + r.verdict(), r.took());
            return Observed.known(r.lines().stream().map(Repmgr.Line::text).toList(), r.took());
        } catch (IOException e) {
            return Observed.unknown(String.join(" ", argv) + ": " + e.getMessage(), Duration.ZERO);
        }
    }

    /**
     * What check found.
     *
     * @param notes what holds and is worth saying (the fence timing, which comes first of Rule 3
     *     and repmgr, the plans against the unit)
     * @param problems each with the file and the fix; none: the installation is fit to run
     * @param timing the timings' numbers for --json: fence, rule3, plans (each absent when its file
     *     could not be read)
     */
    record Findings(List<String> notes, List<String> problems, Timing timing) {
        Findings(List<String> notes, List<String> problems) {
            this(notes, problems, new Timing(null, null, null));
        }
    }

    /** The timings' numbers as `check --json` writes them; each left out when not checked. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Timing(FenceJson fence, Rule3Json rule3, PlansJson plans) {}

    /**
     * @param repmgrPromotesAtMs null when repmgr.conf does not say
     */
    record FenceJson(long fenceByMs, Long repmgrPromotesAtMs, boolean ok) {}

    /**
     * @param first RULE3 or REPMGR
     */
    record Rule3Json(
            String first, long routerAbsentMs, Long repmgrPromotesAtMs, Long poolerGateWaitMs) {}

    /**
     * @param timeoutStartMs null when the unit has no TimeoutStartSec
     */
    record PlansJson(
            long promoteGatesMs,
            long demoteGatesMs,
            long hookMs,
            String unit,
            Long timeoutStartMs,
            boolean ok) {}

    Findings run() {
        List<String> notes = new ArrayList<>();
        List<String> out = new ArrayList<>();
        checkCompose(out);
        checkEnv(out);
        if (c.thresholds().routerAbsent().compareTo(c.thresholds().probeTimeout()) < 0) {
            out.add(
                    c.file()
                            + ": thresholds.router_absent is shorter than thresholds.probe_timeout (fix: make router_absent at least the probe timeout)");
        }
        Optional<String> repmgr = readRepmgrConf(notes, out);
        FenceJson fence = repmgr.map(text -> checkFenceTiming(text, notes, out)).orElse(null);
        Rule3Json rule3 =
                repmgr.map(text -> checkRule3Timing(RepmgrConf.parse(text), notes)).orElse(null);
        PlansJson plans = checkPlanTiming(notes, out);
        checkPairPause(notes, out);
        checkWitnessPeerDb(notes);
        checkWitnessRecord(notes);
        c.metrics()
                .textfile()
                .map(Path::getParent)
                .filter(d -> !Files.isDirectory(d))
                .ifPresent(
                        d ->
                                out.add(
                                        c.file()
                                                + ": metrics.textfile: the directory "
                                                + d
                                                + " does not exist (fix: point it at node_exporter's --collector.textfile.directory,"
                                                + " or leave metrics out until node_exporter is installed)"));
        return new Findings(List.copyOf(notes), List.copyOf(out), new Timing(fence, rule3, plans));
    }

    /**
     * The witness's peer-db answer, as a note either way: the peer may be down for good reasons
     * while this runs (a deploy must not fail on it), but an answer that is not a role and a
     * timeline means a primary cut off from its peer alone would not see repmgr promote it.
     */
    private void checkWitnessPeerDb(List<String> notes) {
        if (c.witness().isEmpty() || !c.fencing().enabled()) return;
        Optional<Observed<RoleAndTimeline>> a = witnessPeerDb.get();
        String unseen =
                ": a primary cut off from its peer alone would not see repmgr promote that peer";
        if (a.isEmpty()) {
            notes.add("witness peer-db: turned off (witness.peer_db_command: none)" + unseen);
        } else if (a.get() instanceof Observed.Known<RoleAndTimeline> k) {
            notes.add(
                    "witness peer-db: the witness reads the peer "
                            + c.peer().name()
                            + "'s database as "
                            + k.value());
        } else {
            notes.add(
                    "witness peer-db: "
                            + a.get().describe()
                            + unseen
                            + " (fix, unless the peer is down now: the witness role of this release with"
                            + " failover_watchdog_witness_db_password, that LOGIN role on the nodes and a"
                            + " pg_hba line for it from the witness's address; docs/FENCING.md)");
        }
    }

    /**
     * The witness's repmgr record against the running primary, as a note: a stale one is repmgr's
     * state after an operator's failover, not this installation's fault, and the fence on the
     * witness's word covers it; the operator still wants it put right.
     */
    private void checkWitnessRecord(List<String> notes) {
        if (c.witness().isEmpty() || !c.fencing().enabled()) return;
        Observed<List<String>> shown = clusterShow.get();
        if (!(shown instanceof Observed.Known<List<String>> k)) {
            notes.add("witness repmgr record: not checked: " + shown.describe());
            return;
        }
        Optional<WitnessRecord> r = WitnessRecord.parse(k.value());
        if (r.isEmpty()) {
            notes.add("witness repmgr record: `repmgr cluster show` lists no witness");
        } else if (r.get().stale()) {
            WitnessRecord w = r.get();
            notes.add(
                    "witness repmgr record: STALE: "
                            + w.witness()
                            + "'s upstream is "
                            + (w.upstream().isEmpty() ? "none" : w.upstream())
                            + ", but "
                            + w.primary()
                            + " is the primary: repmgrd on the standby will not ask the witness and"
                            + " promotes itself on a cut between the nodes (the old primary then fences"
                            + " on the witness's word) (fix: on the witness, as postgres: repmgr -f"
                            + " <its repmgr.conf> witness register -h <"
                            + w.primary()
                            + "'s address> -F)");
        } else {
            notes.add(
                    "witness repmgr record: "
                            + r.get().witness()
                            + " follows "
                            + (r.get().primary().isEmpty()
                                    ? r.get().upstream()
                                    : r.get().primary()));
        }
    }

    /**
     * The pair's pause table in the local database (it replicates from the primary): a problem when
     * it is missing (the pair cannot be paused) or the role may not use it (a tick that cannot read
     * it acts only to fence); a note when the database cannot be asked (it may be down for good
     * reasons: the tick copes).
     */
    private void checkPairPause(List<String> notes, List<String> out) {
        Conninfo local = c.postgres().local();
        Observed<PairPauseTable.Access> a = pauseAccess.get();
        if (!(a instanceof Observed.Known<PairPauseTable.Access> k)) {
            notes.add(
                    "pair pause: not checked: "
                            + ((Observed.Unknown<PairPauseTable.Access>) a).reason());
            return;
        }
        PairPauseTable.Access x = k.value();
        String where = "PostgreSQL " + local.describe() + ": " + PairPauseTable.NAME;
        if (!x.table()) {
            out.add(
                    where
                            + " does not exist, so `failover-watchdog pause` cannot pause the pair (the ticks take it as not paused)"
                            + " (fix: run the Ansible playbook again, which makes it on the primary, or run there as a superuser: "
                            + PairPauseTable.setupSqlLine(local.user())
                            + ")");
        } else if (!x.readable()) {
            out.add(
                    where
                            + " cannot be read by "
                            + local.user()
                            + ": every tick takes the pair's pause as UNKNOWN and only the fence may act"
                            + " (fix: on the primary, as a superuser: "
                            + PairPauseTable.grantSql(local.user())
                            + ")");
        } else if (!x.writable()) {
            out.add(
                    where
                            + " can be read but not changed by "
                            + local.user()
                            + ": `failover-watchdog pause` and `resume` of the pair fail"
                            + " (fix: on the primary, as a superuser: "
                            + PairPauseTable.grantSql(local.user())
                            + ")");
        } else {
            notes.add("pair pause: " + where + " can be read and changed by " + local.user());
        }
    }

    /**
     * repmgr.conf, for the fence's timing (a problem when it cannot be read: the fence cannot be
     * proven in time) and for Rule 3's against repmgr (a note: nothing depends on the order).
     */
    private Optional<String> readRepmgrConf(List<String> notes, List<String> out) {
        try {
            return Optional.of(Files.readString(c.fencing().repmgrConf()));
        } catch (IOException e) {
            String cannot = c.fencing().repmgrConf() + ": cannot be read (" + e.getMessage() + ")";
            if (c.fencing().enabled()) {
                out.add(
                        cannot
                                + " (fix: fencing.repmgr_conf in "
                                + c.file()
                                + " must name repmgr.conf, whose failover timing the fence must beat)");
            }
            notes.add(
                    "rule 3 timing: not checked: "
                            + cannot
                            + " (fencing.repmgr_conf in "
                            + c.file()
                            + " names it)");
            return Optional.empty();
        }
    }

    /**
     * Notes the fence timing (also when it holds) and refuses a combination that cannot fence in
     * time.
     */
    private FenceJson checkFenceTiming(String repmgr, List<String> notes, List<String> out) {
        if (!c.fencing().enabled()) return null;
        Optional<String> timer = Optional.empty();
        try {
            timer = Optional.of(Files.readString(c.fencing().timerUnit()));
        } catch (IOException e) {
            // Only read when the guard is off; its absence then means the default 10 s period.
        }
        FenceTiming t = FenceTiming.of(c, repmgr, timer);
        notes.add(
                "fence timing: "
                        + t.why()
                        + (t.ok()
                                ? ": ok"
                                        + t.promoteAt()
                                                .map(
                                                        p ->
                                                                ", "
                                                                        + p.minus(t.fenceBy())
                                                                                .toMillis()
                                                                        + " ms to spare")
                                                .orElse("")
                                : ""));
        if (!t.ok()) {
            out.add(
                    c.file()
                            + ": fencing: an isolated primary could still take writes after its peer is promoted: "
                            + t.why()
                            + " (fix: lower fencing.fence_after or guard.sample_interval, keep guard.enabled on, or raise reconnect_attempts/reconnect_interval in "
                            + c.fencing().repmgrConf()
                            + ")");
        }
        return new FenceJson(
                t.fenceBy().toMillis(), t.promoteAt().map(Duration::toMillis).orElse(null), t.ok());
    }

    /**
     * Which comes first when the primary's node is lost, Rule 3 here or repmgr's promotion: a note
     * either way.
     */
    private Rule3Json checkRule3Timing(RepmgrConf repmgr, List<String> notes) {
        Rule3Timing t = Rule3Timing.of(c, repmgr);
        notes.add("rule 3 timing: " + t.note());
        return new Rule3Json(
                t.first().name(),
                t.routerAbsent().toMillis(),
                t.repmgrAt().map(Duration::toMillis).orElse(null),
                t.poolerWait().map(Duration::toMillis).orElse(null));
    }

    /**
     * A plan whose gates can outlast the tick unit's TimeoutStartSec is a problem: systemd would
     * kill the tick half-way.
     */
    private PlansJson checkPlanTiming(List<String> notes, List<String> out) {
        TickServiceUnit unit;
        try {
            unit = TickServiceUnit.read(c.fencing().timerUnit());
        } catch (IOException e) {
            notes.add(
                    "plan timing: not checked: the tick's unit cannot be read ("
                            + e.getMessage()
                            + ") (fencing.timer_unit in "
                            + c.file()
                            + " names its timer; the service is the timer's Unit= beside it)");
            return null;
        }
        PlanTiming t = PlanTiming.of(c, unit);
        if (t.ok()) {
            notes.add(
                    "plan timing: "
                            + t.why()
                            + ": ok"
                            + t.spare()
                                    .map(
                                            x ->
                                                    ", "
                                                            + FenceTiming.ms(x)
                                                            + " to spare (the Compose calls' own time comes on top)")
                                    .orElse(""));
        } else {
            out.add(
                    c.file()
                            + ": plans: a plan can outlast the tick's unit, and systemd would kill the tick half-way: "
                            + t.why()
                            + " (fix: shorten the gates' deadline or remedy_deadline in plans:, or raise TimeoutStartSec with a drop-in:"
                            + " systemctl edit "
                            + unit.file().getFileName()
                            + ")");
        }
        return new PlansJson(
                t.promote().toMillis(),
                t.demote().toMillis(),
                t.hook().toMillis(),
                unit.file().toString(),
                unit.startTimeout().map(Duration::toMillis).orElse(null),
                t.ok());
    }

    private void checkCompose(List<String> out) {
        Path dir = c.compose().projectDir();
        Path file =
                COMPOSE_FILES.stream()
                        .map(dir::resolve)
                        .filter(Files::isRegularFile)
                        .findFirst()
                        .orElse(null);
        if (file == null) {
            out.add(
                    dir
                            + ": no compose file ("
                            + String.join(", ", COMPOSE_FILES)
                            + ") (fix: compose.project_dir in "
                            + c.file()
                            + " must name the stack's directory)");
            return;
        }
        Set<String> services;
        try {
            Object doc = new Yaml(new LoaderOptions()).load(Files.readString(file));
            Object s = doc instanceof Map<?, ?> m ? m.get("services") : null;
            if (!(s instanceof Map<?, ?> sm)) {
                out.add(file + ": no services: mapping (fix: is this the stack's Compose file?)");
                return;
            }
            services = new LinkedHashSet<>();
            sm.keySet().forEach(k -> services.add(String.valueOf(k)));
        } catch (IOException | YAMLException e) {
            out.add(file + ": cannot be read as YAML: " + e.getMessage());
            return;
        }
        Set<String> named = new LinkedHashSet<>();
        named.add(c.router().service());
        named.addAll(c.router().serviceTypes().values());
        named.addAll(c.fencing().services());
        for (List<Step> plan : List.of(c.plans().promote(), c.plans().demote())) {
            for (Step s : plan) named.addAll(services(s));
        }
        for (String n : named) {
            if (!services.contains(n)) {
                out.add(
                        c.file()
                                + ": service '"
                                + n
                                + "' is not in "
                                + file
                                + " (fix: correct the name in router.service, router.service_types or plans; the file has "
                                + services
                                + ")");
            }
        }
    }

    private static List<String> services(Step s) {
        if (s instanceof Step.Start x) return x.services();
        if (s instanceof Step.Recreate x) return x.services();
        if (s instanceof Step.Restart x) return x.services();
        if (s instanceof Step.Remove x) return x.services();
        if (s instanceof Step.Gate g)
            return g.remedy().map(ConfigCheck::services).orElse(List.of());
        return List.of();
    }

    private void checkEnv(List<String> out) {
        Path envPath = c.compose().envFile();
        try {
            EnvFile env = EnvFile.read(envPath);
            String profiles = env.get("COMPOSE_PROFILES").orElse("");
            List<String> list = List.of(profiles.split(",")).stream().map(String::strip).toList();
            boolean p = list.contains(c.compose().primaryProfile());
            boolean s = list.contains(c.compose().secondaryProfile());
            if (p == s) {
                out.add(
                        envPath
                                + ": COMPOSE_PROFILES='"
                                + profiles
                                + "' must name exactly one of "
                                + c.compose().primaryProfile()
                                + ", "
                                + c.compose().secondaryProfile()
                                + " (fix: set it to the node's current role)");
            }
            String rip = env.get("HA_ROUTER_IP").orElse("");
            if (!rip.equals(c.node().ip()) && !rip.equals(c.peer().ip())) {
                out.add(
                        envPath
                                + ": HA_ROUTER_IP='"
                                + rip
                                + "' is neither this node ("
                                + c.node().ip()
                                + ") nor the peer ("
                                + c.peer().ip()
                                + ") (fix: set it to the primary node's IP)");
            }
        } catch (IOException e) {
            out.add(
                    envPath
                            + ": cannot be read: "
                            + e.getMessage()
                            + " (fix: compose.env_file must name the stack's .env)");
        } catch (EnvFileException e) {
            out.add(e.getMessage());
        }
    }
}
