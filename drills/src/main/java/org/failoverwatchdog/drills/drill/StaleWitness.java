package org.failoverwatchdog.drills.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.measure.PromotionWatcher;
import org.failoverwatchdog.drills.measure.Timeline;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.observe.Looks;
import org.failoverwatchdog.drills.observe.NodeFacts;
import org.failoverwatchdog.drills.run.Check;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * The partition drill's cut (node to node only, the witness sees both) after the witness's repmgr
 * record was made stale: its upstream is the standby, as a witness registered while the standby was
 * primary keeps after a switchover back. The standby's repmgrd then finds no sibling to ask whether
 * the primary is still seen and promotes itself (~15 s), while the old primary still hears the
 * witness, so the watchdog's self-fence for isolation (peer and witness silent) does not apply: the
 * primary must fence itself once it learns that its peer is primary on a newer timeline. The writer
 * writes through the old primary's own pgpool for the cut, because those are the writes at risk.
 * Afterwards the witness is registered again against the primary, so the lab is left right.
 */
public final class StaleWitness extends NamedDrill {
    static final Duration HOLD = Duration.ofSeconds(60);

    /** The fence must follow the promotion this closely to pass. */
    static final Duration REACTION = Duration.ofSeconds(5);

    public StaleWitness() {
        super(
                "stale-witness",
                "partition with the witness's repmgr record on the standby: repmgr promotes the"
                        + " standby while the primary still hears the witness",
                NOT_IN_REPORT);
    }

    @Override
    public boolean lostWritesAllowed() {
        // The writes the old primary acknowledged before its fence, after replication was cut,
        // are the RPO: a fence reacting to the promotion cannot come before it.
        return true;
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Inventory.Node a = ctx.primary(), b = ctx.standby();
        Inventory.Node witness =
                witness(ctx, " (witness: {name, address}): its repmgr record is the fault");
        PrimaryFaults.Cut cutOff;
        try {
            ctx.inject(
                    "the witness "
                            + witness
                            + "'s repmgr record names "
                            + b
                            + " as its upstream (written on "
                            + a.name()
                            + ", replayed by "
                            + b.name()
                            + ")",
                    () -> ctx.log(ctx.ops().staleWitnessRecord(a, witness, b)));
            cutOff =
                    PrimaryFaults.pinned(
                            ctx,
                            a,
                            "DROP between " + a + " and " + b + " (witness sees both)",
                            () -> ctx.ops().partition(a, b),
                            HOLD,
                            // Before the heal: a fenced or rewound old primary loses its own rows,
                            // the final primary never had them.
                            at -> IsolatedPrimary.readHeartbeats(ctx, a, at),
                            "remove the DROP rules",
                            () -> ctx.ops().heal(a, b));
        } finally {
            // Left stale, the record would make the next partition promote too.
            Inventory.Node upstream = primaryNow(ctx, a, b);
            ctx.restore(
                    "register the witness " + witness + " again against " + upstream,
                    () -> ctx.ops().registerWitness(witness, upstream));
        }
        Instant cut = cutOff.at(), healed = cutOff.healed();
        Convergence c = ctx.await(Invariants.Level.APP, DrillContext.CONVERGE_DEADLINE);
        ctx.phase(
                "partition " + HOLD.toSeconds() + " s, stale witness record",
                a,
                cut,
                healed,
                true,
                c);
        Double toFull = cutOff.healToFull(ctx, c);
        Instant end = Instant.now();
        IsolatedPrimary.readHeartbeats(ctx, a, cut);
        IsolatedPrimary.figures(ctx, a, cut, healed, end, toFull);
        // Reported, not required: the fence reacts to the promotion, so it cannot beat it.
        Check writes = IsolatedPrimary.checkWrites(ctx, a, b, cut, c);
        ctx.note(writes.name() + " (not a check of this drill): " + writes.detail());

        Optional<Instant> promoted =
                PromotionWatcher.promotedAfter(ctx.roleSamples(), a.name(), cut)
                        .filter(t -> !t.isAfter(healed));
        ctx.check(promotion(b, cut, promoted));
        Optional<Instant> fenced =
                promoted.flatMap(
                        p ->
                                Looks.first(
                                        ctx.looks(),
                                        Looks.node(a.name(), NodeFacts.Reachable::fenced),
                                        p));
        ctx.metric(
                "fence after the peer's promotion s",
                promoted.flatMap(p -> fenced.map(f -> Timeline.between(p, f))).orElse(null));
        // Without a promotion there is nothing to react to: the check above fails the drill.
        promoted.ifPresent(p -> ctx.check(fenceReaction(a, b, p, fenced)));
    }

    /**
     * The node that is primary now, for the witness's registration: the one the last look saw, or
     * else (two primaries, or none seen) the peer if repmgr promoted it, the old primary if not.
     */
    private static Inventory.Node primaryNow(DrillContext ctx, Inventory.Node a, Inventory.Node b) {
        return ctx.currentPrimary()
                .orElseGet(
                        () ->
                                PromotionWatcher.promotedAfter(
                                                        ctx.roleSamples(), a.name(), Instant.EPOCH)
                                                .isPresent()
                                        ? b
                                        : a);
    }

    /** Whether the fault happened at all: without repmgr's promotion there was nothing to fence. */
    static Check promotion(Inventory.Node b, Instant cut, Optional<Instant> promoted) {
        String name = "repmgr promoted " + b.name() + " during the cut";
        return promoted.isPresent()
                ? Check.pass(
                        name,
                        b.name()
                                + " answered as primary "
                                + Timeline.between(cut, promoted.get())
                                + " s after the cut")
                : Check.fail(
                        name,
                        "the fault was not reproduced: repmgr did not promote "
                                + b.name()
                                + " (the witness's record did not go stale, or repmgrd still"
                                + " asked the witness), so nothing tested the fence");
    }

    /** The reaction under test: the old primary read-only within {@link #REACTION} of it. */
    static Check fenceReaction(
            Inventory.Node a, Inventory.Node b, Instant promoted, Optional<Instant> fenced) {
        String name =
                a.name()
                        + " fenced itself within "
                        + REACTION.toSeconds()
                        + " s of "
                        + b.name()
                        + "'s promotion";
        if (fenced.isEmpty())
            return Check.fail(
                    name, "never seen read-only after " + b.name() + " answered as primary");
        double s = Timeline.between(promoted, fenced.get());
        String detail = "read-only " + s + " s after " + b.name() + " answered as primary";
        return s <= REACTION.toSeconds() ? Check.pass(name, detail) : Check.fail(name, detail);
    }
}
