package org.failoverwatchdog.watchdog.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.Json;
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
import org.failoverwatchdog.watchdog.tick.LockedStateChange;
import org.failoverwatchdog.watchdog.tick.Observer;
import org.failoverwatchdog.watchdog.tick.Tick;
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
            Main.SwitchoverCmd.class,
            Main.FailoverCmd.class,
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
    /** The --json outputs: records written by the shared mapper, pretty-printed. */
    static final ObjectWriter JSON = Json.PRETTY;

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

        void printJson(Object json) throws IOException {
            out().println(JSON.writeValueAsString(json));
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
                "paused               1: this node or the pair is paused (WARNING)",
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
                    printJson(
                            new StatusJson.CannotRun(
                                    Verdict.UNKNOWN.name(),
                                    message,
                                    List.of(
                                            new StatusReport.Problem(Verdict.UNKNOWN, message)
                                                    .toString())));
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
                "PAUSED    this node: its state file (pause --node) and the pair's pause as its",
                "          tick reads it; the peer: the pair's pause in its database (its",
                "          state file is not read from here)",
                "pause     the pair's pause (failover_watchdog.pause) in each database,",
                "          shown when either is paused, differs or cannot be read",
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
            if (out.json) {
                printJson(
                        new CliJson.PlanOutput(
                                d.notes(),
                                d.plan().map(CliJson.PlanJson::of).orElse(null),
                                d.withheld().map(CliJson.WithheldJson::of).orElse(null)));
            } else {
                d.notes().forEach(n -> out().println("note: " + n));
                if (d.withheld().isPresent()) {
                    Plan p = d.withheld().get().plan();
                    out().println(
                                    "nothing (paused); unpaused it would run "
                                            + p.kind()
                                            + " ("
                                            + p.rule()
                                            + "): "
                                            + p.reason());
                    int i = 1;
                    for (Step s : p.steps()) out().printf("  %2d. %s%n", i++, s.describe());
                } else if (d.plan().isEmpty()) {
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
                printJson(entries); // the journal's records, as its lines have them
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
    }

    @Command(
            name = "check",
            description = {
                "Validate the config, the Compose project and the .env; exit non-zero naming file, field and fix.",
                "Also the timings: the fence against repmgr.conf (a problem when it cannot be in place before repmgr promotes the peer),"
                        + " which comes first of Rule 3 and repmgr's promotion (a note), and the plans' gates against the tick unit's"
                        + " TimeoutStartSec (a problem when a plan can outlast it).",
                "And the pair's pause table in the local database (failover_watchdog.pause): a problem when it is missing or"
                        + " the watchdog's role may not read and change it, with the SQL that fixes it."
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
                String config = c.map(x -> x.file().toString()).orElse(main.config.toString());
                Object json =
                        configOnly
                                ? new CliJson.CheckConfigOnly(
                                        f.problems().isEmpty(), config, f.notes(), f.problems())
                                : new CliJson.CheckOutput(
                                        f.problems().isEmpty(),
                                        config,
                                        c.map(x -> x.compose().projectDir().toString())
                                                .orElse(null),
                                        c.map(x -> x.compose().envFile().toString()).orElse(null),
                                        f.notes(),
                                        f.problems(),
                                        f.timing());
                try {
                    printJson(json);
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
            description = {
                "Maintenance of the pair: both watchdogs observe and decide but take no action, the fence included, and log"
                        + " at notice each time they would have acted. The pause is a row on the primary's database"
                        + " (failover_watchdog.pause), which replication carries to the standby; it waits until the other node's"
                        + " database shows it.",
                "With --node: this node alone (its state file), e.g. a node cut off from the primary."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:paused (the pair: both databases show it)",
                "1:nothing changed: no primary to write to, the write failed (named, with the fix), or"
                        + " (--node) a tick held the lock for 300 s",
                "2:bad config or state file",
                "3:the pair is paused on the primary, but the other node's database did not show it within --wait:"
                        + " that node's watchdog acts until it replays it"
            })
    static final class PauseCmd extends Sub {
        @Mixin JsonOption out;

        @Option(
                names = "--node",
                description = "pause this node's watchdog alone, in its state file")
        boolean node;

        @Option(
                names = "--reason",
                description = "why, shown by status and list (default ${DEFAULT-VALUE})",
                defaultValue = "no reason given")
        String reason;

        @Option(
                names = "--wait",
                paramLabel = "SECONDS",
                description =
                        "how long the other node's database is given to show the pair's pause (default ${DEFAULT-VALUE})",
                defaultValue = "10")
        int waitSeconds;

        int run(WatchdogConfig c) throws Exception {
            if (node) {
                return underTickLock(
                        this,
                        out.json,
                        c,
                        s ->
                                s.withPaused(
                                        Optional.of(
                                                new WatchdogState.Pause(
                                                        Instant.now(), reason, operator()))),
                        "this node paused: its ticks take no action until `failover-watchdog resume --node`");
            }
            new StateStore(c.stateDir()).loadOrFresh(); // a corrupt state file is named first
            return print(this, out.json, pair(this, c, waitSeconds).pause(operator(), reason));
        }
    }

    @Command(
            name = "resume",
            description = {
                "End the pair's maintenance: removes the pause row on the primary and waits until the other node's database"
                        + " shows it. With --node: end this node's own pause.",
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:resumed (the pair: both databases show it), or it was not paused",
                "1:nothing changed: no primary to write to, or the write failed (named, with the fix), or"
                        + " (--node) a tick held the lock for 300 s",
                "2:bad config or state file",
                "3:removed on the primary, but the other node's database did not show it within --wait"
            })
    static final class ResumeCmd extends Sub {
        @Mixin JsonOption out;

        @Option(names = "--node", description = "end this node's own pause (pause --node)")
        boolean node;

        @Option(
                names = "--wait",
                paramLabel = "SECONDS",
                description =
                        "how long the other node's database is given to show it (default ${DEFAULT-VALUE})",
                defaultValue = "10")
        int waitSeconds;

        int run(WatchdogConfig c) throws Exception {
            if (node)
                return underTickLock(
                        this, out.json, c, s -> s.withPaused(Optional.empty()), "resumed");
            WatchdogState s = new StateStore(c.stateDir()).loadOrFresh();
            return print(this, out.json, pair(this, c, waitSeconds).resume(s.paused()));
        }
    }

    /**
     * Who runs an operator's command (pause, switchover, failover): the user behind sudo, else the
     * login user.
     */
    static String operator() {
        for (String v : List.of("SUDO_USER", "USER")) {
            String u = System.getenv(v);
            if (u != null && !u.isBlank()) return u;
        }
        return System.getProperty("user.name", "unknown");
    }

    private static PairPauseCommand pair(Sub cmd, WatchdogConfig c, int waitSeconds) {
        if (waitSeconds < 0)
            throw new ParameterException(
                    cmd.spec.commandLine(), "--wait must be 0 or more seconds, not " + waitSeconds);
        return new PairPauseCommand(c, Duration.ofSeconds(waitSeconds));
    }

    private static int print(Sub cmd, boolean json, PairPauseCommand.Outcome o) throws IOException {
        o.err().forEach(l -> cmd.err().println("failover-watchdog: " + l));
        if (json) cmd.printJson(o.json());
        else o.out().forEach(cmd.out()::println);
        return o.exit();
    }

    /**
     * Which node of the pair --to names: this one (empty) or the peer; neither is a usage error.
     */
    static boolean namesPeer(Sub cmd, WatchdogConfig c, String to) {
        if (to == null || to.equals(c.node().name()) || to.equals(c.node().ip())) return false;
        if (to.equals(c.peer().name()) || to.equals(c.peer().ip())) return true;
        throw new ParameterException(
                cmd.spec.commandLine(),
                "--to "
                        + to
                        + ": not a node of this pair (fix: name "
                        + c.node().name()
                        + " or "
                        + c.peer().name()
                        + ")");
    }

    /** The report as the operator reads it (the checks and repmgr's lines came before), or JSON. */
    static int print(Sub cmd, boolean json, OperatorReport r) throws IOException {
        if (json) cmd.printJson(OperatorReportRender.tree(r));
        else cmd.out().print(OperatorReportRender.text(r));
        return r.result().exitCode;
    }

    /** A command that must run on the other node: refused, with the command to run there. */
    static int runThere(
            Sub cmd, boolean json, WatchdogConfig c, OperatorReport.Command what, String command)
            throws IOException {
        return print(
                cmd,
                json,
                new OperatorReport(
                        what,
                        OperatorReport.Result.REFUSED,
                        c.node().name(),
                        c.peer().name(),
                        false,
                        Instant.now(),
                        List.of(),
                        List.of(),
                        Optional.empty(),
                        what.name().toLowerCase()
                                + " runs on the node that becomes primary: nothing was changed",
                        Optional.of("on " + c.peer().name() + " run: " + command)));
    }

    /**
     * repmgr runs as switchover.repmgr_user: directly as that user, or through runuser, which only
     * root may use. Anyone else is refused before anything is read or changed.
     */
    static Optional<OperatorReport> cannotRunRepmgr(
            WatchdogConfig c, OperatorReport.Command command, String user) {
        String repmgrUser = c.switchover().repmgrUser();
        if (user.equals("root") || user.equals(repmgrUser)) return Optional.empty();
        return Optional.of(
                new OperatorReport(
                        command,
                        OperatorReport.Result.REFUSED,
                        c.peer().name(),
                        c.node().name(),
                        false,
                        Instant.now(),
                        List.of(),
                        List.of(),
                        Optional.empty(),
                        "this runs repmgr as "
                                + repmgrUser
                                + " (runuser), which needs root; it runs as "
                                + user
                                + ": nothing was changed",
                        Optional.of(
                                "sudo failover-watchdog "
                                        + command.name().toLowerCase()
                                        + " ...")));
    }

    @Command(
            name = "switchover",
            description = {
                "A planned move of the primary role to this node (run it on the standby that becomes primary):"
                        + " prechecks, then repmgr standby switchover --siblings-follow, then both app layers converge"
                        + " in the reference order; it waits until the pair is healthy again and reports each phase's"
                        + " duration. --dry-run runs the prechecks and repmgr's own dry run and changes nothing."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:switched; or this node already is primary; or --dry-run found no problem",
                "1:refused by a precheck (--dry-run: a problem found): nothing was changed",
                "2:bad config or option",
                "3:begun and not finished: repmgr failed, or a gate missed its deadline (named, with what was seen)"
            },
            footerHeading = "%nPrechecks (each named in the output, with the fix when it fails):%n",
            footer = {
                "target-standby  this node's database streams from the peer's primary",
                "lag             its replay at most switchover.max_lag bytes and max_lag_time behind",
                "app-layers      the peer's app layer primary, this node's secondary, all types ACTIVE",
                "complete-view   nothing read is UNKNOWN",
                "not-paused      neither this node (pause --node) nor the pair (pause) paused",
                "not-fenced      neither node fenced",
                "no-transition   no plan pending, no other switchover, the tick lock free",
                "settled         this node's last role change min_role_change_interval ago",
                "witness         the witness answers (repmgr needs it to fail over later)",
                "",
                "Gates after repmgr (settle_timeout): databases settled (this node primary, the peer",
                "streaming from it), new app layer active, old primary demoted. While it runs, Rule 3",
                "holds on this node: repmgr stops the peer's database on purpose."
            })
    static final class SwitchoverCmd extends Sub {
        @Mixin JsonOption out;

        @Option(
                names = "--to",
                paramLabel = "NODE",
                description = "the node that becomes primary (default: this node)")
        String to;

        @Option(
                names = "--dry-run",
                description = "run the prechecks and repmgr's own dry run; change nothing")
        boolean dryRun;

        @Option(
                names = "--max-lag-bytes",
                paramLabel = "BYTES",
                description =
                        "the most the target's replay may be behind (default switchover.max_lag)")
        Long maxLagBytes;

        @Option(
                names = "--max-lag-seconds",
                paramLabel = "S",
                description = "the most its replay_lag may be (default switchover.max_lag_time)")
        Double maxLagSeconds;

        @Option(
                names = "--wait",
                paramLabel = "SECONDS",
                description =
                        "try the prechecks again for up to this long before refusing (default ${DEFAULT-VALUE})",
                defaultValue = "0")
        int waitSeconds;

        int run(WatchdogConfig c) throws Exception {
            if (waitSeconds < 0
                    || (maxLagBytes != null && maxLagBytes < 0)
                    || (maxLagSeconds != null && maxLagSeconds < 0))
                throw new ParameterException(
                        spec.commandLine(),
                        "--wait, --max-lag-bytes and --max-lag-seconds cannot be negative");
            if (namesPeer(this, c, to))
                return runThere(
                        this,
                        out.json,
                        c,
                        OperatorReport.Command.SWITCHOVER,
                        "failover-watchdog switchover --to "
                                + c.peer().name()
                                + (dryRun ? " --dry-run" : "")
                                + (waitSeconds > 0 ? " --wait " + waitSeconds : ""));
            OperatorHost host = new LocalOperatorHost(c, err());
            Optional<OperatorReport> notRoot =
                    cannotRunRepmgr(c, OperatorReport.Command.SWITCHOVER, host.processUser());
            if (notRoot.isPresent()) return print(this, out.json, notRoot.get());
            Repmgr repmgr = new Repmgr(c, host.processUser(), Repmgr.system());
            OperatorReport r =
                    new Switchover(c, host, repmgr, out.json ? x -> {} : out()::println)
                            .run(
                                    new Switchover.Options(
                                            dryRun,
                                            new SwitchoverPrechecks.Limits(
                                                    maxLagBytes != null
                                                            ? maxLagBytes
                                                            : c.switchover().maxLagBytes(),
                                                    maxLagSeconds != null
                                                            ? maxLagSeconds
                                                            : c.switchover().maxLagTime().toMillis()
                                                                    / 1000.0),
                                            Duration.ofSeconds(waitSeconds)));
            return print(this, out.json, r);
        }
    }

    @Command(
            name = "failover",
            description = {
                "When automatic failover rightly cannot act (the witness was down, then the primary was lost),"
                        + " the operator asserts the old primary is gone: this node's database is promoted (repmgr"
                        + " standby promote) and its app layer converges in the reference order. Refused while the old"
                        + " primary's database, check port or router answers (that is a switchover), or cannot be"
                        + " observed. Asks for confirmation unless --yes; the assertion and who made it (SUDO_USER,"
                        + " USER) go to the journal. The old node, when it returns, is a stale primary: its watchdog"
                        + " rejoins it as this node's standby."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:promoted and the app layer active; or this node already is primary",
                "1:refused (the old primary answers or cannot be observed, not confirmed, no terminal without --yes): nothing was changed",
                "2:bad config or option",
                "3:begun and not finished: repmgr failed, or a gate missed its deadline (named)"
            })
    static final class FailoverCmd extends Sub {
        @Mixin JsonOption out;

        @Option(
                names = "--to",
                required = true,
                paramLabel = "NODE",
                description = "the node to promote: this node (run it there)")
        String to;

        @Option(
                names = "--yes",
                description =
                        "assert the old primary is gone without a question (no terminal: required)")
        boolean yes;

        int run(WatchdogConfig c) throws Exception {
            if (namesPeer(this, c, to))
                return runThere(
                        this,
                        out.json,
                        c,
                        OperatorReport.Command.FAILOVER,
                        "failover-watchdog failover --to "
                                + c.peer().name()
                                + (yes ? " --yes" : ""));
            OperatorHost host = new LocalOperatorHost(c, err());
            Optional<OperatorReport> notRoot =
                    cannotRunRepmgr(c, OperatorReport.Command.FAILOVER, host.processUser());
            if (notRoot.isPresent()) return print(this, out.json, notRoot.get());
            Repmgr repmgr = new Repmgr(c, host.processUser(), Repmgr.system());
            OperatorReport r =
                    new Failover(c, host, repmgr, out.json ? x -> {} : out()::println).run(yes);
            return print(this, out.json, r);
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
        Optional<WatchdogState> saved = LockedStateChange.apply(c.stateDir(), wait, change::apply);
        if (saved.isEmpty()) {
            cmd.err()
                    .println(
                            "failover-watchdog: a tick still holds "
                                    + c.stateDir().resolve("tick.lock")
                                    + " after "
                                    + wait.toSeconds()
                                    + " s; nothing changed (retry, or stop failover-watchdog.service)");
            return 1;
        }
        WatchdogState now = saved.get();
        if (json) {
            cmd.printJson(
                    new CliJson.PauseOutput(
                            "node",
                            now.paused().isPresent(),
                            now.paused().map(WatchdogState.Pause::by).orElse(null),
                            now.paused().map(WatchdogState.Pause::since).orElse(null),
                            now.paused().map(WatchdogState.Pause::reason).orElse(null)));
        } else {
            cmd.out().println(done);
        }
        return 0;
    }
}
