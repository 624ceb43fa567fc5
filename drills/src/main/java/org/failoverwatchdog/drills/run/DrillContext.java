package org.failoverwatchdog.drills.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.measure.Db;
import org.failoverwatchdog.drills.measure.HealthPoller;
import org.failoverwatchdog.drills.measure.HeartbeatRow;
import org.failoverwatchdog.drills.measure.IterationTimeline;
import org.failoverwatchdog.drills.measure.PromotionWatcher;
import org.failoverwatchdog.drills.measure.RoleSample;
import org.failoverwatchdog.drills.measure.WriterWorkload;
import org.failoverwatchdog.drills.observe.ClusterObserver;
import org.failoverwatchdog.drills.observe.ClusterState;
import org.failoverwatchdog.drills.observe.HealthSample;
import org.failoverwatchdog.drills.observe.Invariants;

/**
 * What a drill works with during one iteration: the nodes, the operations, polled waits, every look
 * taken, and the runner's measurements (writer, LB poller, role watcher) while they run.
 */
public final class DrillContext {
    /** The bound: a fault not converged within 3 minutes is a failure. */
    public static final Duration CONVERGE_DEADLINE = Duration.ofMinutes(3);

    private static final Duration POLL = Duration.ofSeconds(1);

    /** An action on the deployment. */
    public interface Action {
        void run() throws DrillAbort;
    }

    record PendingPhase(
            String label,
            String primaryBefore,
            Instant faultAt,
            Instant measuredFrom,
            boolean promotionExpected,
            Convergence convergence) {}

    private final Inventory inv;
    private final Operations ops;
    private final ClusterObserver observer;
    private final Db db;
    private final String runId;
    private final int iteration;
    private final Inventory.Node primary;
    private final Progress progress;
    private final List<PendingPhase> phases = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<ClusterState> looks = new ArrayList<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Set<HeartbeatRow> extraHeartbeats = new LinkedHashSet<>();
    private final List<IterationTimeline.Event> events = new ArrayList<>();
    private ClusterState last;
    private int maxRouters;
    private HealthPoller poller;
    private WriterWorkload writer;
    private PromotionWatcher roles;

    DrillContext(
            Inventory inv,
            Operations ops,
            ClusterObserver observer,
            Db db,
            String runId,
            int iteration,
            ClusterState healthy,
            Progress progress) {
        this.inv = inv;
        this.ops = ops;
        this.observer = observer;
        this.db = db;
        this.runId = runId;
        this.iteration = iteration;
        this.last = healthy;
        this.primary = inv.node(healthy.soloPrimary().orElseThrow().node());
        this.progress = progress;
    }

    public Inventory inv() {
        return inv;
    }

    public Operations ops() {
        return ops;
    }

    /** Connections as the application user, for a drill that reads a database itself. */
    public Db db() {
        return db;
    }

    /** The iteration's run id: the writer's rows carry it. */
    public String runId() {
        return runId;
    }

    /** Set by the runner once its measurements run (after prepare, before run). */
    void measuring(HealthPoller poller, WriterWorkload writer, PromotionWatcher roles) {
        this.poller = poller;
        this.writer = writer;
        this.roles = roles;
    }

    /** The iteration's writer (e.g. to pin it to one node's pgpool while that node is cut off). */
    public WriterWorkload writer() {
        return writer;
    }

    /** The role watcher's answers so far (both nodes, every 0.5 s). */
    public List<RoleSample> roleSamples() {
        return roles.samples();
    }

    /** The LB probes so far (one a second). */
    public List<HealthSample> lbSamples() {
        return poller.samples();
    }

    /** Every look taken so far by await and hold (about one a second), oldest first. */
    public List<ClusterState> looks() {
        return List.copyOf(looks);
    }

    /** 1-based number of this iteration (drills rotate targets with it). */
    public int iteration() {
        return iteration;
    }

    /** The primary when the iteration started (the lab does not always start on node1). */
    public Inventory.Node primary() {
        return primary;
    }

    public Inventory.Node standby() {
        return inv.peerOf(primary);
    }

    /** The primary in the latest observed state, if exactly one. */
    public Optional<Inventory.Node> currentPrimary() {
        return last.soloPrimary().map(p -> inv.node(p.node()));
    }

    public ClusterState last() {
        return last;
    }

    public void log(String msg) {
        progress.line(msg);
    }

    /** Runs the fault and returns the moment just before it: every time is measured from there. */
    public Instant inject(String what, Action a) throws DrillAbort {
        Instant t = Instant.now();
        log("fault: " + what);
        events.add(new IterationTimeline.Event(t, IterationTimeline.EventKind.FAULT, what));
        a.run();
        return t;
    }

    /**
     * Records a fault the drill timed itself inside a polled loop (not through {@link #inject}),
     * for the timeline.
     */
    public void fault(Instant at, String what) {
        events.add(new IterationTimeline.Event(at, IterationTimeline.EventKind.FAULT, what));
    }

    public void restore(String what, Action a) throws DrillAbort {
        log("restore: " + what);
        events.add(
                new IterationTimeline.Event(
                        Instant.now(), IterationTimeline.EventKind.RESTORE, what));
        a.run();
    }

    /**
     * Polls (about once a second) until the invariants of the level hold, or the deadline passes.
     */
    public Convergence await(Invariants.Level level, Duration deadline) {
        Instant end = Instant.now().plus(deadline);
        List<String> lastProblems = List.of();
        while (true) {
            long t0 = System.nanoTime();
            ClusterState s = observe(level == Invariants.Level.FULL);
            List<String> problems = Invariants.problems(s, inv.stack().serviceTypes(), level);
            if (problems.isEmpty()) {
                log("converged (" + level + "): " + s.summary());
                return new Convergence.Reached(s.at());
            }
            if (!problems.equals(lastProblems))
                log("waiting (" + level + "): " + String.join("; ", problems));
            lastProblems = problems;
            if (Instant.now().isAfter(end)) {
                log("gave up after " + deadline.toSeconds() + " s: " + String.join("; ", problems));
                return new Convergence.TimedOut(Instant.now(), problems);
            }
            pace(t0);
        }
    }

    /** The most routers and primary databases seen at once while a fault was held. */
    public record HoldSummary(int maxRouters, int maxPrimaries, List<String> doubled) {}

    /**
     * Keeps the fault in place for a fixed time (the scenario's length, e.g. a partition),
     * observing.
     */
    public HoldSummary hold(Duration d) {
        log("holding the fault for " + d.toSeconds() + " s");
        Instant end = Instant.now().plus(d);
        int routers = 0, primaries = 0;
        List<String> doubled = new ArrayList<>();
        while (Instant.now().isBefore(end)) {
            long t0 = System.nanoTime();
            ClusterState s = observe(false);
            routers = Math.max(routers, s.routers().size());
            primaries = Math.max(primaries, s.primaries().size());
            if (s.routers().size() > 1 || s.primaries().size() > 1) {
                log("during the fault: " + s.summary());
                if (doubled.size() < 20) doubled.add(s.at() + " " + s.summary());
            }
            pace(t0);
        }
        return new HoldSummary(routers, primaries, doubled);
    }

    /**
     * Polls (about once a second) until the condition holds; the moment it was seen, or empty at
     * the deadline.
     */
    public Optional<Instant> waitUntil(String what, BooleanSupplier cond, Duration deadline) {
        log("waiting until " + what + " (up to " + deadline.toSeconds() + " s)");
        Instant end = Instant.now().plus(deadline);
        while (true) {
            long t0 = System.nanoTime();
            Instant at = Instant.now();
            if (cond.getAsBoolean()) {
                log(what + ": yes");
                return Optional.of(at);
            }
            if (Instant.now().isAfter(end)) {
                log("gave up after " + deadline.toSeconds() + " s: not " + what);
                return Optional.empty();
            }
            pace(t0);
        }
    }

    private ClusterState observe(boolean full) {
        ClusterState s = observer.observe(full);
        last = s;
        looks.add(s);
        maxRouters = Math.max(maxRouters, s.routers().size());
        return s;
    }

    private static void pace(long t0) {
        long left = POLL.toMillis() - (System.nanoTime() - t0) / 1_000_000;
        if (left > 0) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records a fault and its recovery; the runner adds promotion and journal times at the end. */
    public void phase(
            String label,
            Inventory.Node primaryBefore,
            Instant faultAt,
            Instant measuredFrom,
            boolean promotionExpected,
            Convergence c) {
        phases.add(
                new PendingPhase(
                        label, primaryBefore.name(), faultAt, measuredFrom, promotionExpected, c));
    }

    public void check(Check c) {
        log((c.passed() ? "check ok: " : "CHECK FAILED: ") + c.name() + ": " + c.detail());
        checks.add(c);
    }

    public void note(String n) {
        log("note: " + n);
        notes.add(n);
    }

    /**
     * One of the drill's own figures for this iteration (null: not seen, e.g. no fence); the table
     * shows medians.
     */
    public void metric(String name, Double value) {
        log("figure: " + name + " = " + (value == null ? "none" : value));
        metrics.put(name, value);
    }

    /**
     * Heartbeat rows the final primary will not hold (a diverged old primary's, read before it is
     * rewound): the runner adds them to the single-writer check, which reads the final primary
     * only.
     */
    public void extraHeartbeats(Collection<HeartbeatRow> rows) {
        extraHeartbeats.addAll(rows);
    }

    Map<String, Double> metrics() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The faults and restores so far, in order (the timeline's marks). */
    List<IterationTimeline.Event> events() {
        return List.copyOf(events);
    }

    Set<HeartbeatRow> extraHeartbeats() {
        return extraHeartbeats;
    }

    List<PendingPhase> phases() {
        return phases;
    }

    List<Check> checks() {
        return checks;
    }

    List<String> notes() {
        return notes;
    }

    int maxRoutersSeen() {
        return maxRouters;
    }
}
