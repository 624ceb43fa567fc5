package org.failoverwatchdog.drills.drill;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.measure.HeartbeatRow;
import org.failoverwatchdog.drills.measure.JournalEntry;
import org.failoverwatchdog.drills.measure.LostWrites;
import org.failoverwatchdog.drills.measure.PromotionWatcher;
import org.failoverwatchdog.drills.measure.Timeline;
import org.failoverwatchdog.drills.measure.WriterWorkload;
import org.failoverwatchdog.drills.observe.ClusterState;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.observe.LbStats;
import org.failoverwatchdog.drills.observe.Looks;
import org.failoverwatchdog.drills.observe.NodeFacts;
import org.failoverwatchdog.drills.run.Check;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * The primary cut off from its peer and from the witness, while the LB (and the users behind it)
 * still reach it: the split-brain the witness cannot prevent. repmgr promotes the peer (it and the
 * witness are the majority); the isolated node keeps a primary database that the app on it and the
 * LB still use, unless it fences itself (default_transaction_read_only, a FENCE in its journal)
 * before the peer's promotion. The writer writes through the isolated node's own pgpool for the
 * whole cut, because those are the writes at risk; every one acknowledged after the peer's
 * promotion must be in the final primary. Writes acknowledged before the fence and lost with the
 * rewind are the RPO (reported, not a failure: replication was cut).
 */
public final class IsolatedPrimary extends NamedDrill {
    static final Duration HOLD = Duration.ofSeconds(60);

    public IsolatedPrimary() {
        super(
                "isolated-primary",
                "primary isolated from peer and witness (LB still reaches it)",
                NOT_IN_REPORT);
    }

    @Override
    public boolean lostWritesAllowed() {
        return true; // the writes between the cut and the fence: replication was cut, they are the
        // RPO
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Inventory.Node isolated = ctx.primary(), peer = ctx.standby();
        Inventory.Node witness =
                witness(ctx, " (witness: {name, address}): its address is cut off too");
        PrimaryFaults.Cut cutOff =
                PrimaryFaults.isolate(
                        ctx,
                        isolated,
                        peer,
                        witness,
                        " (the LB and this host still reach it)",
                        HOLD,
                        rules ->
                                ctx.log(
                                        "drill rules on "
                                                + isolated.name()
                                                + ": "
                                                + rules.replace("\n", " / ")),
                        // Before the heal: a fenced or rewound old primary loses its own rows, the
                        // final primary never had them.
                        at -> readHeartbeats(ctx, isolated, at));
        Instant cut = cutOff.at(), healed = cutOff.healed();
        Convergence c = cutOff.converge(ctx, Invariants.Level.APP, true);
        Double toFull = cutOff.healToFull(ctx, c);
        Instant end = Instant.now();
        readHeartbeats(
                ctx, isolated, cut); // what it wrote after the heal, if it still answers as itself
        figures(ctx, isolated, cut, healed, end, toFull);
        ctx.check(checkWrites(ctx, isolated, peer, cut, c));
    }

    /**
     * The figures of a primary cut off while its users still reach it: two primaries, two writers,
     * two routers, the LB, its fence, the heal to FULL.
     */
    static void figures(
            DrillContext ctx,
            Inventory.Node isolated,
            Instant cut,
            Instant healed,
            Instant end,
            Double toFull) {
        List<ClusterState> looks = ctx.looks();
        Optional<Instant> readOnly =
                Looks.first(looks, Looks.node(isolated.name(), NodeFacts.Reachable::fenced), cut);
        Optional<JournalEntry> fence =
                JournalEntry.firstSucceeded(
                        JournalEntry.parseLines(ctx.ops().journal(isolated)), "FENCE", cut);
        boolean lbStats = looks.stream().anyMatch(s -> !s.lbBackends().isEmpty());
        ctx.metric(
                "two DB primaries s",
                PromotionWatcher.secondsWithTwoPrimaries(ctx.roleSamples(), cut, end));
        // A fenced primary is read-only: two primaries are two writers only while neither is
        // fenced.
        ctx.metric(
                "two writable primaries s",
                Looks.seconds(
                        looks,
                        s ->
                                s.reachable().stream()
                                                .filter(
                                                        n ->
                                                                n.db() == NodeFacts.DbRole.PRIMARY
                                                                        && !n.fenced())
                                                .count()
                                        > 1,
                        cut,
                        end));
        ctx.metric("two routers s", Looks.seconds(looks, s -> s.routers().size() > 1, cut, end));
        // Both servers in rotation is the healthy state; during the cut it means users still reach
        // the isolated node.
        ctx.metric(
                "LB both in rotation during the cut s",
                lbStats
                        ? Looks.seconds(
                                looks, s -> LbStats.inRotation(s.lbBackends()) >= 2, cut, healed)
                        : null);
        ctx.metric("fence s (read-only)", readOnly.map(t -> Timeline.between(cut, t)).orElse(null));
        ctx.metric(
                "fence s (journal)", fence.map(e -> Timeline.between(cut, e.end())).orElse(null));
        ctx.metric("heal to FULL s", toFull);
    }

    /**
     * The check that matters: no write acknowledged through the isolated node after the peer became
     * primary may be missing from the final primary. Read here, once the pair settled, rather than
     * by the runner at the end: when it did not settle the peer (the node repmgr promoted) is read.
     * Records the figures RPO and lost after the promotion; the caller decides whether the check is
     * one its drill must pass.
     */
    static Check checkWrites(
            DrillContext ctx,
            Inventory.Node isolated,
            Inventory.Node peer,
            Instant cut,
            Convergence c) {
        String name =
                "no write through "
                        + isolated.name()
                        + " acknowledged after the peer's promotion lost";
        Optional<Instant> promoted =
                PromotionWatcher.promotedAfter(ctx.roleSamples(), isolated.name(), cut);
        Inventory.Node last =
                c instanceof Convergence.Reached ? ctx.currentPrimary().orElse(peer) : peer;
        List<WriterWorkload.Ack> acks = ctx.writer().acks();
        Set<Integer> present;
        try (Connection conn =
                ctx.db().connect(last.address(), ctx.inv().database().postgresPort(), 3)) {
            present = WriterWorkload.present(conn, ctx.runId());
        } catch (SQLException e) {
            return Check.fail(
                    name, "cannot read the writes back from " + last + ": " + e.getMessage());
        }
        LostWrites all = LostWrites.of(WriterWorkload.seqs(acks, a -> true), present);
        ctx.metric("RPO: writes lost", (double) all.lost());
        if (promoted.isEmpty()) {
            ctx.metric("lost after the promotion", null);
            return Check.pass(
                    name,
                    "no promotion of "
                            + peer.name()
                            + " seen, so no write after one (see the DB promotion check)");
        }
        Instant p = promoted.get();
        Set<Integer> after =
                WriterWorkload.seqs(
                        acks, a -> a.node().equals(isolated.name()) && a.at().isAfter(p));
        LostWrites lost = LostWrites.of(after, present);
        ctx.metric("lost after the promotion", (double) lost.lost());
        String detail =
                after.size()
                        + " acknowledged through "
                        + isolated.name()
                        + " after "
                        + peer.name()
                        + " answered as primary ("
                        + Timeline.between(cut, p)
                        + " s after the cut), checked in "
                        + last.name()
                        + "'s database";
        return lost.lost() == 0
                ? Check.pass(name, detail + ": all present")
                : Check.fail(
                        name,
                        detail + ": " + lost.lost() + " missing, e.g. seq " + lost.lostSeqs());
    }

    /**
     * The isolated node's heartbeat rows since the cut, straight from its database, for the
     * single-writer check.
     */
    static void readHeartbeats(DrillContext ctx, Inventory.Node n, Instant cut) {
        try (Connection c = ctx.db().connect(n.address(), ctx.inv().database().postgresPort(), 3)) {
            List<HeartbeatRow> rows = HeartbeatRow.read(c, cut, Instant.now());
            ctx.log(
                    rows.size()
                            + " heartbeat rows in "
                            + n.name()
                            + "'s own database since the cut");
            ctx.extraHeartbeats(rows);
        } catch (SQLException e) {
            ctx.log("cannot read " + n.name() + "'s own heartbeat rows: " + e.getMessage());
        }
    }
}
