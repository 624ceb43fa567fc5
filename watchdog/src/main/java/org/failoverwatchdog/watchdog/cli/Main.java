package org.failoverwatchdog.watchdog.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
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
import org.failoverwatchdog.watchdog.rules.Decision;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.rules.Rules;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.tick.Guard;
import org.failoverwatchdog.watchdog.tick.Observer;
import org.failoverwatchdog.watchdog.tick.Tick;
import org.failoverwatchdog.watchdog.tick.TickLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The `watchdog` command line. */
@Command(name = "watchdog", mixinStandardHelpOptions = true, version = "watchdog 0.1.0",
        description = "Keeps this node's app layer consistent with what repmgr decided.",
        subcommands = {Main.TickCmd.class, Main.GuardCmd.class, Main.StatusCmd.class, Main.PlanCmd.class, Main.HistoryCmd.class,
                Main.CheckCmd.class, Main.PauseCmd.class, Main.ResumeCmd.class})
public final class Main implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--config", description = "config file (default ${DEFAULT-VALUE})", defaultValue = "/etc/watchdog/watchdog.yml")
    Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Loads and validates the config; the passfile is handed to pgjdbc as a system property, never an argument. */
    WatchdogConfig load() throws ConfigException {
        WatchdogConfig c = ConfigLoader.load(config);
        c.postgres().passfile().ifPresent(p -> System.setProperty("org.postgresql.pgpassfile", p.toString()));
        return c;
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        Main main;

        /** Exit code on a config error; status uses 3 (UNKNOWN), as monitoring plugins expect. */
        int configErrorCode() {
            return 2;
        }

        @Override
        public final Integer call() throws Exception {
            WatchdogConfig c;
            try {
                c = main.load();
            } catch (ConfigException e) {
                System.err.println("watchdog: " + e.getMessage());
                return configErrorCode();
            }
            try {
                return run(c);
            } catch (StateStore.CorruptStateException e) {
                // pause/resume (and any command without its own handling): the file names itself and the fix
                System.err.println("watchdog: " + e.getMessage());
                return configErrorCode();
            }
        }

        abstract int run(WatchdogConfig c) throws Exception;
    }

    @Command(name = "tick", description = "Observe, decide, act once (the systemd timer runs this every 10 s).")
    static final class TickCmd extends Sub {
        int run(WatchdogConfig c) throws IOException {
            return new Tick(c).run();
        }
    }

    @Command(name = "guard", description = "Resident guard (watchdog-guard.service): ticks every guard.tick_interval in one warm process, and at once"
            + " when the database's role changes, while the peer and the witness are silent, or while this node is fenced.")
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

    @Command(name = "status", description = "One screen: roles, router, registry, peer, timers. Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.")
    static final class StatusCmd extends Sub {
        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        int configErrorCode() {
            return StatusReport.UNKNOWN;
        }

        int run(WatchdogConfig c) throws IOException {
            WatchdogState state;
            try {
                state = new StateStore(c.stateDir()).load();
            } catch (StateStore.CorruptStateException e) {
                System.err.println("watchdog: " + e.getMessage());
                return StatusReport.UNKNOWN;
            }
            View v = View.of(c, state);
            Optional<Journal.Entry> last = c.journal().read(1, w -> {}).stream().findFirst();
            StatusReport r = StatusReport.build(c, v.obs(), state, v.decision(), last);
            System.out.print(json ? JSON.writeValueAsString(r.tree) + "\n" : StatusText.render(r));
            return r.code;
        }
    }

    @Command(name = "plan", description = "What the next tick would do, changing nothing.")
    static final class PlanCmd extends Sub {
        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        int run(WatchdogConfig c) throws IOException {
            WatchdogState state;
            try {
                state = new StateStore(c.stateDir()).load();
            } catch (StateStore.CorruptStateException e) {
                System.err.println("watchdog: " + e.getMessage());
                return 2;
            }
            Decision d = View.of(c, state).decision();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("notes", d.notes());
            d.plan().ifPresent(p -> m.put("plan", planTree(p)));
            if (json) {
                System.out.println(JSON.writeValueAsString(m));
            } else {
                d.notes().forEach(n -> System.out.println("note: " + n));
                if (d.plan().isEmpty()) {
                    System.out.println("nothing to do");
                } else {
                    Plan p = d.plan().get();
                    System.out.println(p.kind() + " (" + p.rule() + "): " + p.reason());
                    int i = 1;
                    for (Step s : p.steps()) System.out.printf("  %2d. %s%n", i++, s.describe());
                }
            }
            return 0;
        }

        static Map<String, Object> planTree(Plan p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", p.kind());
            m.put("rule", p.rule());
            m.put("reason", p.reason());
            List<String> steps = new ArrayList<>();
            p.steps().forEach(s -> steps.add(s.describe()));
            m.put("steps", steps);
            return m;
        }
    }

    @Command(name = "history", description = "Every transition, newest first: cause, steps, timings, gate results.")
    static final class HistoryCmd extends Sub {
        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @Option(names = "--limit", description = "at most this many entries (default ${DEFAULT-VALUE})", defaultValue = "20")
        int limit;

        int run(WatchdogConfig c) throws IOException {
            List<Journal.Entry> entries = c.journal().read(limit, w -> System.err.println("watchdog: " + w));
            if (json) {
                System.out.println(JSON.writeValueAsString(entries.stream().map(HistoryCmd::tree).toList()));
                return 0;
            }
            if (entries.isEmpty()) System.out.println("no transitions recorded in " + c.journal().path());
            for (Journal.Entry e : entries) {
                System.out.printf("%s %s %s (%s) %s in %d ms%n    because %s%n", e.time(), e.node(), e.kind(), e.rule(),
                        e.succeeded() ? "ok" : "FAILED", e.totalMs(), e.reason());
                for (Journal.StepEntry s : e.steps()) {
                    System.out.printf("    %-12s %6d ms  %s%s%n", s.outcome(), s.ms(), s.step(), s.detail().isEmpty() ? "" : ": " + s.detail());
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

    @Command(name = "check", description = "Validate the config, the Compose project and the .env; exit non-zero naming file, field and fix.")
    static final class CheckCmd extends Sub {
        @Option(names = "--config-only", description = "validate the config file alone (before the Compose project exists)")
        boolean configOnly;

        int run(WatchdogConfig c) {
            if (configOnly) { // loading it validated it (call() reports a ConfigException)
                System.out.println("ok: " + c.file());
                return 0;
            }
            List<String> problems = new ConfigCheck(c).problems();
            if (problems.isEmpty()) {
                System.out.println("ok: " + c.file() + ", " + c.compose().projectDir() + ", " + c.compose().envFile());
                return 0;
            }
            problems.forEach(p -> System.err.println("watchdog: " + p));
            return 2;
        }
    }

    @Command(name = "pause", description = "Maintenance: ticks observe but take no action until resume.")
    static final class PauseCmd extends Sub {
        @Option(names = "--reason", description = "shown by status", defaultValue = "maintenance")
        String reason;

        int run(WatchdogConfig c) throws Exception {
            return underTickLock(c, store -> store.save(store.load().withPaused(Optional.of(new WatchdogState.Pause(Instant.now(), reason)))),
                    "paused: ticks take no action until `watchdog resume`");
        }
    }

    @Command(name = "resume", description = "End maintenance.")
    static final class ResumeCmd extends Sub {
        int run(WatchdogConfig c) throws Exception {
            return underTickLock(c, store -> store.save(store.load().withPaused(Optional.empty())), "resumed");
        }
    }

    interface StateChange {
        void apply(StateStore store) throws Exception;
    }

    /** pause/resume change state.json only between ticks: a running tick would otherwise overwrite the change. */
    static int underTickLock(WatchdogConfig c, StateChange change, String done) throws Exception {
        Duration wait = Duration.ofSeconds(300); // the unit's TimeoutStartSec bounds a tick
        Optional<TickLock> lock = TickLock.acquire(c.stateDir(), wait);
        if (lock.isEmpty()) {
            System.err.println("watchdog: a tick still holds " + c.stateDir().resolve("tick.lock") + " after " + wait.toSeconds() + " s; nothing changed (retry, or stop watchdog.service)");
            return 1;
        }
        try (TickLock held = lock.get()) {
            change.apply(new StateStore(c.stateDir()));
        }
        System.out.println(done);
        return 0;
    }
}
