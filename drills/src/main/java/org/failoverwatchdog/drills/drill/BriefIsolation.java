package org.failoverwatchdog.drills.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.measure.JournalEntry;
import org.failoverwatchdog.drills.measure.PromotionWatcher;
import org.failoverwatchdog.drills.measure.Timeline;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.run.Check;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * The primary cut off from its peer and the witness for less than repmgr needs to promote the peer
 * (a blip of the private network): it fences itself, and once the peer follows it again it unfences
 * and serves as before. Nothing is promoted, so nothing is rewound: not one acknowledged write may
 * be lost, and the same node must be primary at the end. The writer writes through the isolated
 * node.
 */
public final class BriefIsolation extends NamedDrill {
    /**
     * Past the fence (about 3 s), short of repmgr's promotion (about 15 s after a cut in the lab).
     */
    static final Duration HOLD = Duration.ofSeconds(8);

    public BriefIsolation() {
        super(
                "isolated-primary-brief",
                "primary isolated from peer and witness for "
                        + HOLD.toSeconds()
                        + " s (shorter than repmgr's failover)",
                NOT_IN_REPORT);
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Inventory.Node isolated = ctx.primary(), peer = ctx.standby();
        Inventory.Node witness = witness(ctx, "");
        PrimaryFaults.Cut cutOff =
                PrimaryFaults.isolate(
                        ctx,
                        isolated,
                        peer,
                        witness,
                        " for " + HOLD.toSeconds() + " s",
                        HOLD,
                        rules -> {},
                        at -> {});
        Instant cut = cutOff.at(), healed = cutOff.healed();
        Convergence c = cutOff.converge(ctx, Invariants.Level.FULL, false);

        List<JournalEntry> journal = JournalEntry.parseLines(ctx.ops().journal(isolated));
        Optional<JournalEntry> fence = JournalEntry.firstSucceeded(journal, "FENCE", cut);
        Optional<JournalEntry> unfence = JournalEntry.firstSucceeded(journal, "UNFENCE", cut);
        ctx.metric(
                "fence s (journal)", fence.map(e -> Timeline.between(cut, e.end())).orElse(null));
        ctx.metric(
                "unfence s after the heal (journal)",
                unfence.map(e -> Timeline.between(healed, e.end())).orElse(null));
        ctx.metric(
                "heal to FULL s",
                c instanceof Convergence.Reached r ? Timeline.between(healed, r.at()) : null);
        ctx.check(
                fence.isPresent()
                        ? Check.pass("the isolated primary fenced itself", fence.get().reason())
                        : Check.fail(
                                "the isolated primary fenced itself",
                                "no FENCE in " + isolated.name() + "'s journal since the cut"));
        ctx.check(
                unfence.isPresent()
                        ? Check.pass(
                                "it unfenced once the peer followed it again",
                                unfence.get().reason())
                        : Check.fail(
                                "it unfenced once the peer followed it again",
                                "no UNFENCE in " + isolated.name() + "'s journal since the cut"));
        Optional<Instant> promoted =
                PromotionWatcher.promotedAfter(ctx.roleSamples(), isolated.name(), cut);
        ctx.check(
                promoted.isEmpty()
                        ? Check.pass(
                                "no promotion of " + peer.name(),
                                "the cut was shorter than repmgr's failover")
                        : Check.fail(
                                "no promotion of " + peer.name(),
                                peer.name()
                                        + " answered as primary "
                                        + Timeline.between(cut, promoted.get())
                                        + " s after the cut: the cut was not brief for this repmgr (see the isolated-primary drill)"));
        boolean same =
                ctx.currentPrimary().map(p -> p.name().equals(isolated.name())).orElse(false);
        ctx.check(
                same
                        ? Check.pass(isolated.name() + " is the primary again", "")
                        : Check.fail(
                                isolated.name() + " is the primary again",
                                "primary now: "
                                        + ctx.currentPrimary()
                                                .map(Inventory.Node::name)
                                                .orElse("none")));
    }
}
