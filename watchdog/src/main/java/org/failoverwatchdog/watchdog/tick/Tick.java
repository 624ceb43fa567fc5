package org.failoverwatchdog.watchdog.tick;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.watchdog.cli.StatusReport;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.log.JournalPriority;
import org.failoverwatchdog.watchdog.log.NoteLog;
import org.failoverwatchdog.watchdog.metrics.MetricsText;
import org.failoverwatchdog.watchdog.metrics.TextfileMetrics;
import org.failoverwatchdog.watchdog.metrics.TickReport;
import org.failoverwatchdog.watchdog.rules.Decision;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.rules.Rules;
import org.failoverwatchdog.watchdog.state.MonitorState;
import org.failoverwatchdog.watchdog.state.MonitorStore;
import org.failoverwatchdog.watchdog.state.SetAsideStateFiles;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick: observe, decide, act. The state (with the plan marked pending) is saved before acting,
 * so a tick killed half-way leaves the next tick what it needs to finish the job. A corrupt state
 * file is set aside and the tick carries on from a fresh state (supervision must not stop on it);
 * every tick ends by writing the metrics textfile, if configured, whatever happened before.
 */
public final class Tick {
    private static final Logger log = LoggerFactory.getLogger(Tick.class);
    private final WatchdogConfig c;
    private final StateStore store;
    private final ObservationSource observer;
    private final PlanRunner runner;
    private final MonitorStore monitorStore;
    private final TransitionReporter reporter;
    private final Optional<TextfileMetrics> metrics;

    public Tick(WatchdogConfig c) {
        this(c, new Observer(c));
    }

    private Tick(WatchdogConfig c, Observer observer) {
        this(c, observer, new NodePlanRunner(c, observer));
    }

    /**
     * @param observer what the tick observes
     * @param runner what runs the plan it decides (the state is saved with the plan pending before)
     */
    public Tick(WatchdogConfig c, ObservationSource observer, PlanRunner runner) {
        this.c = c;
        this.store = new StateStore(c.stateDir());
        this.observer = observer;
        this.runner = runner;
        this.monitorStore = new MonitorStore(c.stateDir());
        this.reporter = new TransitionReporter(c);
        this.metrics = c.metrics().textfile().map(TextfileMetrics::new);
    }

    /** How far a tick got, for the metrics and monitor.json written at its end. */
    private static final class Progress {
        MonitorState monitor = MonitorState.empty();
        boolean monitorChanged;
        Optional<Observations> obs = Optional.empty();
        Optional<WatchdogState> seen = Optional.empty();
        Optional<Decision> decision = Optional.empty();
        Optional<WatchdogState> after = Optional.empty();
        boolean succeeded;

        void monitor(MonitorState m) {
            monitorChanged |= !m.equals(monitor);
            monitor = m;
        }
    }

    /**
     * @return the process exit code: 0 done or nothing to do, 1 an action failed, 2 a corrupt state
     *     file that cannot be set aside, or no lock dir
     */
    public int run() throws IOException {
        return run(Optional.empty());
    }

    /**
     * @param round the guard's round that started this tick (see {@link
     *     Observer#observe(WatchdogState, Optional)})
     */
    public int run(Optional<GuardRound> round) throws IOException {
        Optional<TickLock> lock = TickLock.tryAcquire(c.stateDir());
        if (lock.isEmpty()) {
            log.info(
                    "another tick holds {}; this one does nothing",
                    c.stateDir().resolve("tick.lock"));
            return 0;
        }
        try (TickLock held = lock.get()) {
            Instant start = Instant.now();
            long t0 = System.nanoTime();
            Progress p = new Progress();
            try {
                int code = runLocked(p, round);
                p.succeeded = code == 0;
                return code;
            } finally {
                finish(p, start, Duration.ofNanos(System.nanoTime() - t0));
            }
        }
    }

    private int runLocked(Progress p, Optional<GuardRound> round) throws IOException {
        loadMonitor(p);
        WatchdogState state;
        try {
            state = store.loadOrFresh();
        } catch (StateStore.CorruptStateException e) {
            Optional<WatchdogState> fresh = setAside(e);
            if (fresh.isEmpty()) return 2;
            state = fresh.get();
        }
        Observations obs = observer.observe(state, round);
        p.obs = Optional.of(obs);
        p.seen = Optional.of(state);
        Decision d = new Rules(c).decide(obs, state);
        p.decision = Optional.of(d);
        p.after = Optional.of(d.next());
        logNotes(d.notes(), p);
        // Every tick, not once like a note: each is a moment the watchdog would have acted.
        d.withheld().ifPresent(w -> log.info(JournalPriority.NOTICE, "{}", w.describe()));
        if (d.plan().isEmpty()) {
            if (!d.next().equals(state)) store.save(d.next());
            return 0;
        }
        Plan plan = d.plan().get();
        store.save(d.next());
        PlanResult result = runner.run(plan);
        c.journal().append(result, c.node().name());
        WatchdogState after = d.next();
        if (result.succeeded() || !plan.kind().resumable())
            after = after.withPending(Optional.empty());
        if (!result.succeeded())
            after = after.withRepairsFailed(obs.at()); // a failed repair backs off
        store.save(after);
        p.after = Optional.of(after);
        p.monitor(reporter.report(result, p.monitor));
        return result.succeeded() ? 0 : 1;
    }

    /**
     * A corrupt state file stopped every tick until an operator came; now it is moved aside (kept
     * for the operator, status CRITICAL until removed) and the tick carries on from a fresh state,
     * whose defaults are safe: see {@link org.failoverwatchdog.watchdog.rules.Rules} and the
     * README.
     */
    private Optional<WatchdogState> setAside(StateStore.CorruptStateException e) {
        Path aside;
        try {
            aside = new SetAsideStateFiles(store.file()).setAside(Instant.now());
        } catch (IOException io) {
            log.error(
                    "no action: {}; it cannot be set aside either: {} (fix: move it aside by hand)",
                    e.getMessage(),
                    io.toString());
            return Optional.empty();
        }
        log.error(
                "{}: {}: set aside as {}; carrying on from a fresh state: no Rule 3 timer (it starts again), no interrupted plan,"
                        + " not paused, no repair history; whether this node is fenced is read from its database (fix: read {}, pause again if"
                        + " maintenance was under way, then delete it; status is CRITICAL until then)",
                store.file(),
                e.problem(),
                aside,
                aside.getFileName());
        return Optional.of(WatchdogState.fresh());
    }

    /** Each note when it appears and when it goes away, not every tick. */
    private void logNotes(List<String> notes, Progress p) {
        NoteLog.Change change = NoteLog.diff(p.monitor.notes(), notes);
        change.appeared().forEach(n -> log.info("{}", n));
        change.gone().forEach(n -> log.info("no longer: {}", n));
        change.still().forEach(n -> log.debug("still: {}", n));
        if (change.changed()) p.monitor(p.monitor.withNotes(change.logged()));
    }

    private void loadMonitor(Progress p) throws IOException {
        try {
            p.monitor = monitorStore.load();
        } catch (MonitorStore.UnreadableException e) {
            log.warn(
                    "{}: notes are logged again and the metrics' counters start again from 0 (the file is rewritten)",
                    e.getMessage());
            p.monitorChanged = true;
        }
    }

    /**
     * The end of every tick: the metrics and monitor.json. Never throws: the tick's outcome is
     * decided.
     */
    private void finish(Progress p, Instant start, Duration took) {
        try {
            if (metrics.isPresent())
                p.monitor(p.monitor.withMetricsProblem(writeMetrics(p, start, took)));
            if (p.monitorChanged) monitorStore.save(p.monitor);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot write {}: {}", monitorStore.file(), e.toString());
        }
    }

    /**
     * @return why the textfile cannot be written, logged when it begins and when it ends
     */
    private Optional<String> writeMetrics(Progress p, Instant start, Duration took) {
        TextfileMetrics m = metrics.get();
        Optional<String> problem;
        try {
            List<SetAsideStateFiles.SetAside> aside =
                    new SetAsideStateFiles(store.file()).present();
            OptionalInt verdict =
                    p.decision.isEmpty()
                            ? OptionalInt.empty()
                            : OptionalInt.of(
                                    StatusReport.build(
                                                    c,
                                                    p.obs.get(),
                                                    p.seen.get(),
                                                    p.decision.get(),
                                                    Optional.empty(),
                                                    aside)
                                            .code());
            Optional<Instant> lastSuccess =
                    p.succeeded ? Optional.of(start.plus(took)) : m.lastSuccess();
            m.write(
                    MetricsText.render(
                            c,
                            new TickReport(
                                    start,
                                    took,
                                    p.succeeded,
                                    lastSuccess,
                                    p.obs,
                                    p.after,
                                    verdict,
                                    p.monitor,
                                    aside)));
            problem = Optional.empty();
        } catch (IOException | RuntimeException e) {
            problem = Optional.of(e.toString());
        }
        if (problem.isPresent() && !problem.equals(p.monitor.metricsProblem())) {
            log.warn(
                    "cannot write the metrics to {}: {} (fix: metrics.textfile in {} must name a writable file; under systemd its directory"
                            + " must be in the units' ReadWritePaths)",
                    m.file(),
                    problem.get(),
                    c.file());
        } else if (problem.isEmpty() && p.monitor.metricsProblem().isPresent()) {
            log.info("metrics written to {} again", m.file());
        }
        return problem;
    }
}
