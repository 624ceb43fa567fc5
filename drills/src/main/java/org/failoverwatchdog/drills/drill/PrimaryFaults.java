package org.failoverwatchdog.drills.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.measure.Timeline;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/** The faults more than one drill injects on the primary. */
final class PrimaryFaults {
    private PrimaryFaults() {}

    /**
     * The primary taken down unannounced (its database crashed, the node powered off): the fault,
     * then the failover it must cause, the survivor serving alone (SERVING), as one phase measured
     * from the fault.
     */
    static void down(
            DrillContext ctx,
            Inventory.Node victim,
            String fault,
            DrillContext.Action inject,
            String phase)
            throws DrillAbort {
        Instant f = ctx.inject(fault, inject);
        Convergence c = ctx.await(Invariants.Level.SERVING, DrillContext.CONVERGE_DEADLINE);
        ctx.phase(phase, victim, f, f, true, c);
    }

    /** A cut of isolated for hold: when it began, and when its links came back. */
    record Cut(Inventory.Node isolated, Duration hold, Instant at, Instant healed) {
        /**
         * Waits (up to the convergence deadline) until the invariants of level hold after the heal,
         * and records the cut as a phase, from its start, measured from the heal.
         */
        Convergence converge(DrillContext ctx, Invariants.Level level, boolean promotionExpected) {
            Convergence c = ctx.await(level, DrillContext.CONVERGE_DEADLINE);
            ctx.phase(
                    "isolated " + isolated.name() + " " + hold.toSeconds() + " s",
                    isolated,
                    at,
                    healed,
                    promotionExpected,
                    c);
            return c;
        }

        /**
         * Once app reached APP: waits for FULL, and the seconds from the heal to it (null when
         * either was not reached).
         */
        Double healToFull(DrillContext ctx, Convergence app) {
            if (!(app instanceof Convergence.Reached)) return null;
            Convergence full = ctx.await(Invariants.Level.FULL, DrillContext.CONVERGE_DEADLINE);
            return full instanceof Convergence.Reached r ? Timeline.between(healed, r.at()) : null;
        }
    }

    /**
     * The primary cut off from its peer and the witness by raw-table DROP rules inside it, for
     * hold, with the writer pinned to its pgpool meanwhile (see {@link #pinned}).
     *
     * @param how what the fault's line says of the cut after whom it cuts off
     * @param rules given the rules the cut added, as the node lists them
     * @param beforeHeal runs at the end of the hold, while the cut still stands, given its start
     */
    static Cut isolate(
            DrillContext ctx,
            Inventory.Node isolated,
            Inventory.Node peer,
            Inventory.Node witness,
            String how,
            Duration hold,
            Consumer<String> rules,
            Consumer<Instant> beforeHeal)
            throws DrillAbort {
        List<Inventory.Node> from = List.of(peer, witness);
        return pinned(
                ctx,
                isolated,
                "raw-table DROP inside "
                        + isolated
                        + " for "
                        + peer
                        + " and the witness "
                        + witness
                        + how,
                () -> rules.accept(ctx.ops().isolate(isolated, from)),
                hold,
                beforeHeal,
                "remove the raw-table DROP rules on " + isolated,
                () -> ctx.ops().unisolate(isolated, from));
    }

    /**
     * A cut that leaves isolated a primary its users still reach, held for hold, with the writer
     * pinned to isolated's pgpool meanwhile: its writes are the ones at risk. The cut always goes
     * and the writer always goes back to its usual path, even after a failed step.
     *
     * @param fault the fault's line, before "; writer pinned to its pgpool"
     * @param beforeHeal runs at the end of the hold, while the cut still stands, given its start
     * @param healing the restore's line
     */
    static Cut pinned(
            DrillContext ctx,
            Inventory.Node isolated,
            String fault,
            DrillContext.Action cut,
            Duration hold,
            Consumer<Instant> beforeHeal,
            String healing,
            DrillContext.Action heal)
            throws DrillAbort {
        Instant at;
        try {
            at =
                    ctx.inject(
                            fault + "; writer pinned to its pgpool",
                            () -> {
                                ctx.writer().pin(isolated);
                                cut.run();
                            });
            ctx.hold(hold);
            beforeHeal.accept(at);
        } finally {
            ctx.writer().unpin();
            ctx.restore(healing, heal);
        }
        return new Cut(isolated, hold, at, Instant.now());
    }
}
