package org.failoverwatchdog.drills.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.measure.BadWindow;
import org.failoverwatchdog.drills.measure.Db;
import org.failoverwatchdog.drills.measure.DualWriter;
import org.failoverwatchdog.drills.measure.HealthPoller;
import org.failoverwatchdog.drills.measure.HeartbeatRow;
import org.failoverwatchdog.drills.measure.IterationTimeline;
import org.failoverwatchdog.drills.measure.JournalEntry;
import org.failoverwatchdog.drills.measure.LostWrites;
import org.failoverwatchdog.drills.measure.PromotionWatcher;
import org.failoverwatchdog.drills.measure.RoleSample;
import org.failoverwatchdog.drills.measure.Timeline;
import org.failoverwatchdog.drills.measure.WriterWorkload;
import org.failoverwatchdog.drills.observe.ClusterObserver;
import org.failoverwatchdog.drills.observe.ClusterState;
import org.failoverwatchdog.drills.observe.HealthSample;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.observe.LbProbe;

/**
 * One iteration, always in the same order: healthy start; writer, LB poller and role watcher on;
 * the drill (faults, waits, restore); healthy end; then the numbers and the checks.
 */
public final class IterationRunner {
    private static final Duration HEALTHY_DEADLINE = Duration.ofMinutes(5);
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final Inventory inv;
    private final Operations ops;
    private final ClusterObserver observer;
    private final Db db;
    private final Progress progress;
    private final Path evidenceDir;

    public IterationRunner(
            Inventory inv,
            Operations ops,
            ClusterObserver observer,
            Db db,
            Progress progress,
            Path evidenceDir) {
        this.inv = inv;
        this.ops = ops;
        this.observer = observer;
        this.db = db;
        this.progress = progress;
        this.evidenceDir = evidenceDir;
    }

    public IterationResult run(Drill drill, int iteration) {
        Instant started = Instant.now();
        String runId = drill.name() + "-" + RUN_ID.format(started) + "-" + iteration;
        progress.prefix("[" + drill.name() + " #" + iteration + "] ");
        progress.line("waiting for the healthy start state");
        List<Check> checks = new ArrayList<>();
        ClusterState healthy = awaitFull(HEALTHY_DEADLINE, new ArrayList<>());
        List<String> startProblems =
                Invariants.problems(healthy, inv.stack().serviceTypes(), Invariants.Level.FULL);
        if (!startProblems.isEmpty()) {
            checks.add(Check.fail("healthy at start", String.join("; ", startProblems)));
            progress.line(
                    "not healthy within "
                            + HEALTHY_DEADLINE.toMinutes()
                            + " min: not injecting anything");
            saveEvidence(runId, started);
            return new IterationResult(
                    drill.name(),
                    iteration,
                    runId,
                    started,
                    Instant.now(),
                    "?",
                    "?",
                    List.of(),
                    Map.of(),
                    BadWindow.of(List.of(), HealthPoller.INTERVAL),
                    DualWriter.of(List.of(), DualWriter.DEFAULT_MAX_GAP),
                    LostWrites.of(Set.of(), Set.of()),
                    0,
                    List.of(),
                    0,
                    List.of(),
                    checks,
                    List.of(),
                    List.of(),
                    null);
        }
        checks.add(Check.pass("healthy at start", healthy.summary()));
        String loadAtStart = HostLoad.read();
        progress.line("healthy: " + healthy.summary());
        DrillContext ctx =
                new DrillContext(inv, ops, observer, db, runId, iteration, healthy, progress);
        try {
            drill.prepare(ctx);
        } catch (DrillAbort e) {
            ctx.check(Check.fail("drill set-up", e.getMessage()));
        }
        Instant measureFrom = Instant.now();
        try (HealthPoller poller = new HealthPoller(new LbProbe(inv.lb())).start();
                WriterWorkload writer = new WriterWorkload(db, inv.dataNodes(), runId).start();
                PromotionWatcher roles = new PromotionWatcher(db, inv.dataNodes()).start()) {
            ctx.measuring(poller, writer, roles);
            if (!waitFor(
                    () -> writer.acknowledgedCount() >= 10 && poller.samples().size() >= 3,
                    Duration.ofSeconds(30))) {
                checks.add(
                        Check.fail(
                                "writer running before the fault",
                                writer.acknowledgedCount()
                                        + " writes acknowledged in 30 s; "
                                        + writer.errorSamples()));
            }
            try {
                drill.run(ctx);
            } catch (DrillAbort e) {
                ctx.check(Check.fail("drill steps", e.getMessage()));
            } finally {
                writer.unpin(); // a drill that pinned the writer and failed half-way must not
                // leave it pinned
            }
            progress.line("waiting for the healthy end state");
            List<ClusterState> endLooks = new ArrayList<>();
            ClusterState end = awaitFull(HEALTHY_DEADLINE, endLooks);
            List<String> endProblems =
                    Invariants.problems(end, inv.stack().serviceTypes(), Invariants.Level.FULL);
            Check finalState =
                    endProblems.isEmpty()
                            ? Check.pass("final state", end.summary() + ", repmgr cluster healthy")
                            : Check.fail("final state", String.join("; ", endProblems));
            // Let the writer land some rows on the final primary before it stops.
            int ackedAtEnd = writer.acknowledgedCount();
            waitFor(() -> writer.acknowledgedCount() >= ackedAtEnd + 10, Duration.ofSeconds(20));
            writer.stop();
            poller.stop();
            roles.stop();
            Instant ended = Instant.now();

            List<HealthSample> samples = poller.samples();
            BadWindow bad = BadWindow.of(samples, HealthPoller.INTERVAL);
            List<RoleSample> roleSamples = roles.samples();
            List<ClusterState> looks = new ArrayList<>(List.of(healthy));
            looks.addAll(ctx.looks());
            looks.addAll(endLooks);
            IterationTimeline timeline = null;
            List<String> timelineNotes = new ArrayList<>();
            try { // only a picture's data: a surprise in it must not cost the iteration's results
                timeline =
                        IterationTimeline.of(
                                origin(ctx, measureFrom),
                                measureFrom,
                                ended,
                                samples,
                                writer.acks().stream().map(WriterWorkload.Ack::at).toList(),
                                writer.failureTimes(),
                                roleSamples,
                                looks,
                                ctx.events());
            } catch (RuntimeException e) {
                timelineNotes.add("no timeline recorded: " + e);
                progress.line("warning: no timeline recorded: " + e);
            }
            Optional<Inventory.Node> finalPrimary = end.soloPrimary().map(p -> inv.node(p.node()));
            // Two primaries at the end (a diverged old primary nobody rejoined): the writes and
            // heartbeats
            // that count are those of the node that became primary last, whose timeline a rejoin
            // keeps;
            // node1's pgpool may well route to the stale one and find every write there.
            Optional<Inventory.Node> newest =
                    finalPrimary.isPresent()
                            ? Optional.empty()
                            : PromotionWatcher.newestPrimary(roleSamples).map(inv::node);
            Optional<Inventory.Node> readFrom = finalPrimary.or(() -> newest);
            LostWrites lost =
                    LostWrites.of(writer.acknowledged(), present(readFrom, runId, checks));
            // The final primary's rows plus any the drill read elsewhere (a diverged old
            // primary's); a row
            // replicated before the divergence is in both and counts once.
            Set<HeartbeatRow> beats =
                    new LinkedHashSet<>(heartbeats(readFrom, measureFrom, ended, checks));
            ctx.extraHeartbeats().stream()
                    .filter(h -> !h.at().isBefore(measureFrom) && !h.at().isAfter(ended))
                    .forEach(beats::add);
            DualWriter dual = DualWriter.of(List.copyOf(beats), DualWriter.DEFAULT_MAX_GAP);
            List<JournalEntry> journal = journal(measureFrom);
            List<PhaseResult> phases = new ArrayList<>();
            List<String> notes = new ArrayList<>(ctx.notes());
            notes.addAll(timelineNotes);
            newest.ifPresent(
                    n ->
                            notes.add(
                                    "no single primary at the end: writes and heartbeats read from "
                                            + n.name()
                                            + ", the node that became primary last"));
            for (DrillContext.PendingPhase p : ctx.phases())
                phases.add(resolve(p, roleSamples, journal, checks, notes));

            checks.addAll(ctx.checks());
            checks.add(finalState);
            checks.add(
                    dual.clean()
                            ? Check.pass("single writer", "no overlapping MASTER heartbeats")
                            : Check.fail(
                                    "single writer",
                                    dual.seconds()
                                            + " s with two MASTER schedulers writing ("
                                            + dual.secondsByService()
                                            + ", "
                                            + dual.interleavedRows()
                                            + " rows inside the other node's run)"));
            if (lost.lost() == 0) {
                checks.add(
                        Check.pass(
                                "no lost writes",
                                lost.acknowledged() + " acknowledged, all present"));
            } else if (drill.lostWritesAllowed()) {
                checks.add(
                        Check.pass(
                                "no lost writes",
                                lost.lost()
                                        + " of "
                                        + lost.acknowledged()
                                        + " acknowledged writes lost: asynchronous replication (reported, not an invariant for this drill)"));
            } else {
                checks.add(
                        Check.fail(
                                "no lost writes",
                                lost.lost()
                                        + " of "
                                        + lost.acknowledged()
                                        + " acknowledged writes missing, e.g. seq "
                                        + lost.lostSeqs()));
            }
            // Timings depend on how busy the machine is; say how busy it was.
            notes.add(
                    "drill host load average (1/5/15 min): at start "
                            + loadAtStart
                            + ", at end "
                            + HostLoad.read());
            int maxPrimaries = PromotionWatcher.maxConcurrentPrimaries(roleSamples);
            if (maxPrimaries > 1)
                notes.add(
                        "two databases answered as primary at the same time (direct role polls every 0.5 s)");
            if (ctx.maxRoutersSeen() > 1)
                notes.add(ctx.maxRoutersSeen() + " routers were running at once at some point");
            String primaryAfter = finalPrimary.map(Inventory.Node::name).orElse("?");
            IterationResult r =
                    new IterationResult(
                            drill.name(),
                            iteration,
                            runId,
                            started,
                            ended,
                            ctx.primary().name(),
                            primaryAfter,
                            phases,
                            ctx.metrics(),
                            bad,
                            dual,
                            lost,
                            writer.errors(),
                            writer.errorSamples(),
                            maxPrimaries,
                            journal,
                            checks,
                            notes,
                            samples.stream().filter(s -> !s.ok()).toList(),
                            timeline);
            progress.line(
                    (r.passed() ? "PASS" : "FAIL")
                            + ": bad window "
                            + bad.longestSeconds()
                            + " s, non-200 "
                            + bad.non200()
                            + ", dual-writer "
                            + dual.seconds()
                            + " s, lost "
                            + lost.lost()
                            + "/"
                            + lost.acknowledged());
            if (!r.passed()) saveEvidence(runId, started);
            return r;
        } finally {
            progress.prefix("");
        }
    }

    /** Polls until FULL holds or the deadline passes; every look taken is added to seen. */
    private ClusterState awaitFull(Duration deadline, List<ClusterState> seen) {
        Instant end = Instant.now().plus(deadline);
        List<String> lastProblems = List.of();
        while (true) {
            long t0 = System.nanoTime();
            ClusterState s = observer.observe(true);
            seen.add(s);
            List<String> p =
                    Invariants.problems(s, inv.stack().serviceTypes(), Invariants.Level.FULL);
            if (p.isEmpty() || Instant.now().isAfter(end)) return s;
            if (!p.equals(lastProblems)) progress.line("not healthy yet: " + String.join("; ", p));
            lastProblems = p;
            sleepRest(t0, 2000);
        }
    }

    /**
     * The timeline's x = 0: the first measured fault (a phase's; a drill's set-up fault before the
     * measurements is not one), else the first fault injected while measuring, else the start of
     * the measurements.
     */
    static Instant origin(DrillContext ctx, Instant measureFrom) {
        return ctx.phases().stream()
                .map(DrillContext.PendingPhase::faultAt)
                .min(Comparator.naturalOrder())
                .or(
                        () ->
                                ctx.events().stream()
                                        .filter(
                                                e ->
                                                        e.kind()
                                                                        == IterationTimeline
                                                                                .EventKind.FAULT
                                                                && !e.at().isBefore(measureFrom))
                                        .map(IterationTimeline.Event::at)
                                        .min(Comparator.naturalOrder()))
                .orElse(measureFrom);
    }

    /**
     * Times of one phase: DB promotion from the role polls, convergence from the journal or the
     * observation.
     */
    private PhaseResult resolve(
            DrillContext.PendingPhase p,
            List<RoleSample> roles,
            List<JournalEntry> journal,
            List<Check> checks,
            List<String> notes) {
        Instant limit = p.convergence().at();
        Optional<Instant> promoted =
                PromotionWatcher.promotedAfter(roles, p.primaryBefore(), p.faultAt())
                        .filter(t -> !t.isAfter(limit));
        Double promote =
                p.promotionExpected() ? promoted.map(t -> secs(p.faultAt(), t)).orElse(null) : null;
        if (!p.promotionExpected() && promoted.isPresent()) {
            // e.g. a returning old primary that boots as primary before it is rejoined
            notes.add(
                    p.label()
                            + ": a node other than "
                            + p.primaryBefore()
                            + " answered as primary "
                            + secs(p.faultAt(), promoted.get())
                            + " s after the fault, where no promotion was expected");
        }
        if (p.promotionExpected() && promote == null) {
            checks.add(
                    Check.fail(
                            "DB promotion (" + p.label() + ")",
                            "no other node answered as primary before " + limit));
        }
        Double observed = null, fromJournal = null;
        List<String> problems = List.of();
        if (p.convergence() instanceof Convergence.Reached r) {
            observed = secs(p.measuredFrom(), r.at());
            Instant lo = p.faultAt().minusMillis(500);
            fromJournal =
                    journal.stream()
                            .filter(
                                    e ->
                                            e.succeeded()
                                                    && !e.time().isBefore(lo)
                                                    && !e.time().isAfter(r.at()))
                            .map(JournalEntry::end)
                            .max(Comparator.naturalOrder())
                            .map(t -> secs(p.measuredFrom(), t))
                            .orElse(null);
            checks.add(Check.pass("converged (" + p.label() + ")", "after " + observed + " s"));
        } else {
            problems = ((Convergence.TimedOut) p.convergence()).problems();
            checks.add(
                    Check.fail(
                            "converged (" + p.label() + ")",
                            "not within "
                                    + DrillContext.CONVERGE_DEADLINE.toSeconds()
                                    + " s: "
                                    + String.join("; ", problems)));
        }
        Double converge = fromJournal != null ? fromJournal : observed;
        String source = fromJournal != null ? "journal" : observed != null ? "observed" : "none";
        return new PhaseResult(
                p.label(),
                p.primaryBefore(),
                p.faultAt(),
                p.measuredFrom(),
                p.promotionExpected(),
                promote,
                converge,
                source,
                observed,
                fromJournal,
                problems);
    }

    private Set<Integer> present(
            Optional<Inventory.Node> primary, String runId, List<Check> checks) {
        try (Connection c = connectFinal(primary)) {
            return WriterWorkload.present(c, runId);
        } catch (SQLException e) {
            checks.add(Check.fail("read back the writes", e.getMessage()));
            return Set.of();
        }
    }

    private List<HeartbeatRow> heartbeats(
            Optional<Inventory.Node> primary, Instant from, Instant to, List<Check> checks) {
        List<HeartbeatRow> rows = List.of();
        try (Connection c = connectFinal(primary)) {
            rows = HeartbeatRow.read(c, from, to);
        } catch (SQLException e) {
            checks.add(Check.fail("read the heartbeat rows", e.getMessage()));
        }
        if (rows.isEmpty())
            checks.add(
                    Check.fail(
                            "heartbeat rows present",
                            "no heartbeat rows between " + from + " and " + to));
        return rows;
    }

    /**
     * The final primary (or the newest of two) directly; through pgpool when none answered as
     * primary.
     */
    private Connection connectFinal(Optional<Inventory.Node> primary) throws SQLException {
        if (primary.isPresent())
            return db.connect(primary.get().address(), inv.database().postgresPort(), 3);
        return db.connect(inv.dataNodes().get(0).address(), inv.database().pgpoolPort(), 3);
    }

    private List<JournalEntry> journal(Instant from) {
        List<JournalEntry> out = new ArrayList<>();
        for (Inventory.Node n : inv.dataNodes()) {
            for (JournalEntry e : JournalEntry.parseLines(ops.journal(n))) {
                if (!e.end().isBefore(from)) out.add(e);
            }
        }
        out.sort(Comparator.comparing(JournalEntry::time));
        return out;
    }

    private void saveEvidence(String runId, Instant since) {
        try {
            Files.createDirectories(evidenceDir);
            for (Inventory.Node n : inv.dataNodes()) {
                Path f = evidenceDir.resolve(runId + "-" + n.name() + ".txt");
                Files.writeString(
                        f, ops.evidence(n, since.minusSeconds(5)), StandardCharsets.UTF_8);
                progress.line("evidence of " + n.name() + " in " + f);
            }
        } catch (IOException e) {
            progress.line("cannot save evidence: " + e.getMessage());
        }
    }

    private static double secs(Instant a, Instant b) {
        return Timeline.between(a, b);
    }

    static boolean waitFor(java.util.function.BooleanSupplier cond, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) return false;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static void sleepRest(long t0, long periodMs) {
        long left = periodMs - (System.nanoTime() - t0) / 1_000_000;
        if (left > 0) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
