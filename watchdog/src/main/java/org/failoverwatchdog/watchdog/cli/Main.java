package org.failoverwatchdog.watchdog.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.watchdog.config.ConfigException;
import org.failoverwatchdog.watchdog.config.ConfigLoader;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.log.JournalPriority;
import org.failoverwatchdog.watchdog.metrics.TextfileMetrics;
import org.failoverwatchdog.watchdog.rules.Decision;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.rules.Rules;
import org.failoverwatchdog.watchdog.state.SetAsideStateFiles;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.tick.Guard;
import org.failoverwatchdog.watchdog.tick.Observer;
import org.failoverwatchdog.watchdog.tick.Tick;
import org.failoverwatchdog.watchdog.tick.TickLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The `failover-watchdog` command line. */
@Command(
        name = "failover-watchdog",
        mixinStandardHelpOptions = true,
        version = "failover-watchdog 0.1.0",
        description = "Keeps this node's app layer consistent with what repmgr decided.",
        subcommands = {
            Main.TickCmd.class,
            Main.GuardCmd.class,
            Main.StatusCmd.class,
            Main.ListCmd.class,
            Main.PlanCmd.class,
            Main.HistoryCmd.class,
            Main.CheckCmd.class,
            Main.PauseCmd.class,
            Main.ResumeCmd.class,
            EnvCmd.class
        },
        footerHeading = "%nFiles:%n",
        footer = {
            "/etc/failover-watchdog/watchdog.yml  the configuration (--config)",
            "/var/lib/failover-watchdog           state.json, journal.jsonl*, monitor.json, tick.lock, guard.beat, state.json.corrupt-*",
            "",
            "Each command has --help and a man page: failover-watchdog-status(1), ..."
        })
public final class Main implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    // Inherited: `failover-watchdog --config F status` and `failover-watchdog status --config F`
    // set this one field.
    @Option(
            names = "--config",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "config file (default ${DEFAULT-VALUE})",
            defaultValue = "/etc/failover-watchdog/watchdog.yml")
    Path config;

    @Spec CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }

    /** The command line as main runs it; tests give it their own out and err. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::usageError);
        return cl;
    }

    /**
     * A bad option or argument: the message and the usage on stderr, exit 2; for status exit 3 with
     * the UNKNOWN line on stdout, as a monitoring system expects of a plugin it called wrongly.
     */
    static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("failover-watchdog: " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) cmd.usage(err);
        err.flush();
        if (cmd.getCommandSpec().userObject() instanceof StatusCmd || namesStatus(args)) {
            cmd.getOut()
                    .println(
                            PluginLine.unknown(
                                    "usage: "
                                            + ex.getMessage()
                                            + " (fix: see failover-watchdog status --help)"));
            cmd.getOut().flush();
            return Verdict.UNKNOWN.exitCode();
        }
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * Whether the command the arguments name is status (the error may have come before picocli got
     * to it).
     */
    static boolean namesStatus(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) i++; // its value
            else if (!args[i].startsWith("-")) return args[i].equals("status");
        }
        return false;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * Loads and validates the config; the passfile is handed to pgjdbc as a system property, never
     * an argument.
     */
    WatchdogConfig load() throws ConfigException {
        WatchdogConfig c = ConfigLoader.load(config);
        c.postgres()
                .passfile()
                .ifPresent(p -> System.setProperty("org.postgresql.pgpassfile", p.toString()));
        return c;
    }

    /**
     * --json: with it, stdout carries JSON only; errors still go to stderr as text, and the exit
     * code tells which.
     */
    static final class JsonOption {
        @Option(names = "--json", description = "machine-readable output (JSON on stdout)")
        boolean json;
    }

    @Command(mixinStandardHelpOptions = true, version = "failover-watchdog 0.1.0")
    abstract static class Sub implements Callable<Integer> {
        /** The root command (set by call(): a command may sit under another, as env apply). */
        Main main;

        @Spec CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        void printJson(Object tree) throws IOException {
            out().println(JSON.writeValueAsString(tree));
        }

        /**
         * A config or state file that cannot be used: named with the fix on stderr (err under the
         * journal, as a failed plan), exit 2. Status says UNKNOWN instead.
         */
        int cannotRun(String message) {
            err().println(JournalPriority.errPrefix() + "failover-watchdog: " + message);
            return 2;
        }

        @Override
        public final Integer call() throws Exception {
            main = (Main) spec.root().userObject();
            try {
                WatchdogConfig c;
                try {
                    c = main.load();
                } catch (ConfigException e) {
                    return cannotRun(e.getMessage());
                }
                try {
                    return run(c);
                } catch (StateStore.CorruptStateException e) {
                    // the file names itself and the fix
                    return cannotRun(e.getMessage());
                }
            } finally {
                // The writers autoflush on println only; status ends with a print.
                out().flush();
                err().flush();
            }
        }

        abstract int run(WatchdogConfig c) throws Exception;
    }

    @Command(
            name = "tick",
            description = "Observe, decide, act once (the systemd timer runs this every 10 s).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:done, or nothing to do (or another tick holds the lock)",
                "1:an action failed",
                "2:bad config, or a corrupt state file that cannot be set aside (named, with the fix)"
            })
    static final class TickCmd extends Sub {
        int run(WatchdogConfig c) throws IOException {
            return new Tick(c).run();
        }
    }

    @Command(
            name = "guard",
            description =
                    "Resident guard (failover-watchdog-guard.service): ticks every guard.tick_interval in one warm process, and at once"
                            + " when the database's role changes, while the peer and the witness are silent, or while this node is fenced.",
            footer = {
                "",
                "Runs until stopped; it touches guard.beat in the state directory while it makes progress."
            })
    static final class GuardCmd extends Sub {
        int run(WatchdogConfig c) throws InterruptedException {
            return new Guard(c).run();
        }
    }

    /** Observation and decision without acting, shared by status and plan. */
    record View(Observations obs, WatchdogState state, Decision decision) {
        static View of(WatchdogConfig c, WatchdogState state) {
            Observations o = new Observer(c).observe(state);
            return new View(o, state, new Rules(c).decide(o, state));
        }
    }

    @Command(
            name = "status",
            description = {
                "One screen, as a monitoring plugin: the first line is FAILOVER-WATCHDOG <verdict> - <summary> | <perfdata>,"
                        + " the details follow."
            },
            exitCodeListHeading = "%nExit codes (the verdict):%n",
            exitCodeList = {
                "0:OK",
                "1:WARNING",
                "2:CRITICAL",
                "3:UNKNOWN: an observation could not be made, or a bad config, state file or option"
            },
            footerHeading =
                    "%nPerformance data (after the | of the first line; U: not observed):%n",
            footer = {
                "db_primary           1: the local PostgreSQL is primary (0: standby or down)",
                "timeline             the local PostgreSQL's timeline",
                "app_primary          1: COMPOSE_PROFILES names the primary profile",
                "router_local         1: the router's container runs on this node",
                "types_missing        types of this node not in the registry (CRITICAL above 0)",
                "peer_up              1: the peer node answers (WARNING below 1)",
                "fenced               1: this node fenced itself (CRITICAL)",
                "paused               1: paused for maintenance (WARNING)",
                "router_absent        seconds the Rule 3 timer has run (WARNING above 0)",
                "service_repairs      most repairs of one service lately (WARNING: a crash loop)",
                "pooler_time          seconds SELECT 1 through the pooler took",
                "last_transition_age  seconds since the journal's last transition",
                "corrupt_state_files  corrupt state files set aside, not yet removed (CRITICAL)",
                "tick_age             seconds since the last tick ended (with metrics.textfile)",
                "guard_beat_age       seconds since the guard's beat (WARNING above 30)"
            })
    static final class StatusCmd extends Sub {
        @Mixin JsonOption out;

        @Override
        int cannotRun(String message) {
            err().println(JournalPriority.errPrefix() + "failover-watchdog: " + message);
            try {
                if (out.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("verdict", Verdict.UNKNOWN.name());
                    m.put("summary", message);
                    m.put(
                            "problems",
                            List.of(new StatusReport.Problem(Verdict.UNKNOWN, message).toString()));
                    printJson(m);
                } else {
                    out().println(PluginLine.unknown(message));
                }
            } catch (IOException e) {
                // stdout is gone: the exit code still says UNKNOWN
            }
            return Verdict.UNKNOWN.exitCode();
        }

        int run(WatchdogConfig c) throws IOException {
            StatusReport r;
            try {
                WatchdogState state = new StateStore(c.stateDir()).loadOrFresh();
                View v = View.of(c, state);
                Optional<Journal.Entry> last = c.journal().read(1, w -> {}).stream().findFirst();
                r =
                        StatusReport.build(
                                c,
                                v.obs(),
                                state,
                                v.decision(),
                                last,
                                new SetAsideStateFiles(new StateStore(c.stateDir()).file())
                                        .present(),
                                guardBeat(c),
                                c.metrics()
                                        .textfile()
                                        .flatMap(f -> new TextfileMetrics(f).lastTick()));
            } catch (StateStore.CorruptStateException e) {
                return cannotRun(e.getMessage());
            } catch (IOException | RuntimeException e) {
                // A plugin that crashes says nothing; one that says UNKNOWN and why can be acted
                // on.
                return cannotRun("status could not be taken: " + e);
            }
            if (out.json) printJson(r.tree);
            else out().print(StatusText.render(r));
            return r.verdict().exitCode();
        }

        private static Optional<Instant> guardBeat(WatchdogConfig c) throws IOException {
            try {
                return Optional.of(
                        Files.getLastModifiedTime(c.stateDir().resolve(Guard.BEAT)).toInstant());
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
    }

    @Command(
            name = "list",
            description = {
                "The pair on one screen, from either node (like patronictl list): each node's database role,"
                        + " timeline and replication lag, app layer role, router, registered types, paused and fenced; the witness; this watchdog's"
                        + " last tick and verdict. Changes nothing."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:shown (an item that could not be read says UNKNOWN and why)",
                "2:bad config or option"
            },
            footerHeading = "%nWhere each item comes from:%n",
            footer = {
                "DB, TL    each node's PostgreSQL (the peer's through postgres.peer)",
                "LAG       the primary's pg_stat_replication: bytes the standby's replay is",
                "          behind, and replay_lag; needs GRANT pg_monitor TO <the watchdog's",
                "          role>. Without the primary, ~: the standby's own view (WAL received",
                "          not replayed; age of the last replayed commit)",
                "APP       this node: COMPOSE_PROFILES in its .env; the peer: a router",
                "          answering on its address (primary), or its services in the",
                "          registry without one (secondary)",
                "ROUTER    this node: its container and whether it answers; the peer:",
                "          whether one answers on its address",
                "REGISTRY  the node's router.service_types ACTIVE in the active registry",
                "PAUSED    this node's state file; the peer's is not read from here",
                "FENCED    this node's state file; the peer's only as its database shows it",
                "tick      the metrics textfile: when the last tick ended, and its verdict",
                "",
                "Every read is bounded by thresholds.probe_timeout (the witness's check by",
                "twice that)."
            })
    static final class ListCmd extends Sub {
        @Mixin JsonOption out;

        int run(WatchdogConfig c) throws IOException {
            PairListing l;
            try {
                l = PairListing.of(c, new PairReader(c).read());
            } catch (RuntimeException e) {
                // Each item is read so as not to throw; should one still, the operator gets a line,
                // not a stack trace.
                return cannotRun("list could not be taken: " + e);
            }
            if (out.json) printJson(PairListingJson.tree(l));
            else out().print(PairListingText.render(l));
            return 0;
        }
    }

    @Command(
            name = "plan",
            description = "What the next tick would do, changing nothing.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:done", "2:bad config, state file or option"})
    static final class PlanCmd extends Sub {
        @Mixin JsonOption out;

        int run(WatchdogConfig c) throws IOException {
            WatchdogState state;
            try {
                state = new StateStore(c.stateDir()).loadOrFresh();
            } catch (StateStore.CorruptStateException e) {
                return cannotRun(e.getMessage());
            }
            Decision d = View.of(c, state).decision();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("notes", d.notes());
            d.plan().ifPresent(p -> m.put("plan", planTree(p)));
            if (out.json) {
                printJson(m);
            } else {
                d.notes().forEach(n -> out().println("note: " + n));
                if (d.plan().isEmpty()) {
                    out().println("nothing to do");
                } else {
                    Plan p = d.plan().get();
                    out().println(p.kind() + " (" + p.rule() + "): " + p.reason());
                    int i = 1;
                    for (Step s : p.steps()) out().printf("  %2d. %s%n", i++, s.describe());
                }
            }
            return 0;
        }

        static Map<String, Object> planTree(Plan p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", p.kind().name());
            m.put("rule", p.rule().wire());
            m.put("reason", p.reason());
            List<String> steps = new ArrayList<>();
            p.steps().forEach(s -> steps.add(s.describe()));
            m.put("steps", steps);
            return m;
        }
    }

    @Command(
            name = "history",
            description =
                    "Every transition, newest first: cause, steps, timings, gate results (across the rotated journal files).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:done", "2:bad config or option"})
    static final class HistoryCmd extends Sub {
        @Mixin JsonOption out;

        @Option(
                names = "--limit",
                paramLabel = "N",
                description = "at most this many entries (default ${DEFAULT-VALUE})",
                defaultValue = "20")
        int limit;

        int run(WatchdogConfig c) throws IOException {
            if (limit < 1)
                throw new ParameterException(
                        spec.commandLine(), "--limit must be at least 1, not " + limit);
            List<Journal.Entry> entries =
                    c.journal().read(limit, w -> err().println("failover-watchdog: " + w));
            if (out.json) {
                printJson(entries.stream().map(HistoryCmd::tree).toList());
                return 0;
            }
            if (entries.isEmpty())
                out().println("no transitions recorded in " + c.journal().path());
            for (Journal.Entry e : entries) {
                out().printf(
                                "%s %s %s (%s) %s in %d ms%n    because %s%n",
                                e.time(),
                                e.node(),
                                e.kind(),
                                e.rule(),
                                e.succeeded() ? "ok" : "FAILED",
                                e.totalMs(),
                                e.reason());
                for (Journal.StepEntry s : e.steps()) {
                    out().printf(
                                    "    %-12s %6d ms  %s%s%n",
                                    s.outcome(),
                                    s.ms(),
                                    s.step(),
                                    s.detail().isEmpty() ? "" : ": " + s.detail());
                }
            }
            return 0;
        }

        static Map<String, Object> tree(Journal.Entry e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", e.time().toString());
            m.put("node", e.node());
            m.put("kind", e.kind());
            m.put("rule", e.rule());
            m.put("reason", e.reason());
            m.put("succeeded", e.succeeded());
            m.put("totalMs", e.totalMs());
            m.put("steps", e.steps());
            return m;
        }
    }

    @Command(
            name = "check",
            description = {
                "Validate the config, the Compose project and the .env; exit non-zero naming file, field and fix.",
                "Also the timings: the fence against repmgr.conf (a problem when it cannot be in place before repmgr promotes the peer),"
                        + " which comes first of Rule 3 and repmgr's promotion (a note), and the plans' gates against the tick unit's"
                        + " TimeoutStartSec (a problem when a plan can outlast it)."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:ok", "2:problems, each with the file, the field and the fix"})
    static final class CheckCmd extends Sub {
        @Mixin JsonOption out;

        @Option(
                names = "--config-only",
                description = "validate the config file alone (before the Compose project exists)")
        boolean configOnly;

        @Override
        int cannotRun(String message) {
            super.cannotRun(message);
            if (out.json)
                print(Optional.empty(), new ConfigCheck.Findings(List.of(), List.of(message)));
            return 2;
        }

        int run(WatchdogConfig c) {
            // loading it validated the config (call() reports a ConfigException)
            ConfigCheck.Findings f =
                    configOnly
                            ? new ConfigCheck.Findings(List.of(), List.of())
                            : new ConfigCheck(c).run();
            print(Optional.of(c), f);
            return f.problems().isEmpty() ? 0 : 2;
        }

        private void print(Optional<WatchdogConfig> c, ConfigCheck.Findings f) {
            if (out.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ok", f.problems().isEmpty());
                m.put("config", c.map(x -> x.file().toString()).orElse(main.config.toString()));
                if (!configOnly) {
                    m.put(
                            "projectDir",
                            c.map(x -> x.compose().projectDir().toString()).orElse(null));
                    m.put("envFile", c.map(x -> x.compose().envFile().toString()).orElse(null));
                }
                m.put("notes", f.notes());
                m.put("problems", f.problems());
                if (!configOnly) m.put("timing", f.timing());
                try {
                    printJson(m);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return;
            }
            f.notes().forEach(out()::println);
            if (c.isEmpty()) return;
            if (f.problems().isEmpty()) {
                out().println(
                                "ok: "
                                        + c.get().file()
                                        + (configOnly
                                                ? ""
                                                : ", "
                                                        + c.get().compose().projectDir()
                                                        + ", "
                                                        + c.get().compose().envFile()));
            }
            f.problems().forEach(p -> err().println("failover-watchdog: " + p));
        }
    }

    @Command(
            name = "pause",
            description = "Maintenance: ticks observe but take no action until resume.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:paused",
                "1:a tick held the lock for 300 s; nothing changed",
                "2:bad config or state file"
            })
    static final class PauseCmd extends Sub {
        @Mixin JsonOption out;

        @Option(
                names = "--reason",
                description = "shown by status (default ${DEFAULT-VALUE})",
                defaultValue = "maintenance")
        String reason;

        int run(WatchdogConfig c) throws Exception {
            return underTickLock(
                    this,
                    out.json,
                    c,
                    s -> s.withPaused(Optional.of(new WatchdogState.Pause(Instant.now(), reason))),
                    "paused: ticks take no action until `failover-watchdog resume`");
        }
    }

    @Command(
            name = "resume",
            description = "End maintenance.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:resumed",
                "1:a tick held the lock for 300 s; nothing changed",
                "2:bad config or state file"
            })
    static final class ResumeCmd extends Sub {
        @Mixin JsonOption out;

        int run(WatchdogConfig c) throws Exception {
            return underTickLock(this, out.json, c, s -> s.withPaused(Optional.empty()), "resumed");
        }
    }

    interface StateChange {
        WatchdogState apply(WatchdogState s);
    }

    /**
     * pause/resume change state.json only between ticks: a running tick would otherwise overwrite
     * the change.
     */
    static int underTickLock(
            Sub cmd, boolean json, WatchdogConfig c, StateChange change, String done)
            throws Exception {
        Duration wait = Duration.ofSeconds(300); // the unit's TimeoutStartSec bounds a tick
        Optional<TickLock> lock = TickLock.acquire(c.stateDir(), wait);
        if (lock.isEmpty()) {
            cmd.err()
                    .println(
                            "failover-watchdog: a tick still holds "
                                    + c.stateDir().resolve("tick.lock")
                                    + " after "
                                    + wait.toSeconds()
                                    + " s; nothing changed (retry, or stop failover-watchdog.service)");
            return 1;
        }
        WatchdogState now;
        try (TickLock held = lock.get()) {
            StateStore store = new StateStore(c.stateDir());
            now = change.apply(store.loadOrFresh());
            store.save(now);
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("paused", now.paused().isPresent());
            m.put("since", now.paused().map(p -> p.since().toString()).orElse(null));
            m.put("reason", now.paused().map(WatchdogState.Pause::reason).orElse(null));
            cmd.printJson(m);
        } else {
            cmd.out().println(done);
        }
        return 0;
    }
}
