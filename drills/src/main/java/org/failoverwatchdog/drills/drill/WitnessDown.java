package org.failoverwatchdog.drills.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.inventory.PowerOff;
import org.failoverwatchdog.drills.measure.BadWindow;
import org.failoverwatchdog.drills.measure.HealthPoller;
import org.failoverwatchdog.drills.measure.JournalEntry;
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
 * The witness powered off, both data nodes and the link between them fine. Nothing may happen: the
 * primary stays primary (the standby still sees it, so repmgr has nothing to promote), neither node
 * fences itself (losing only the witness is not isolation: a node that still sees its peer must
 * keep serving), and users see no error. Then the witness is powered on and must answer repmgr
 * again, so the next drill starts from the lab as it was.
 */
public final class WitnessDown extends NamedDrill {
    static final Duration HOLD = Duration.ofSeconds(45);
    private static final Duration BACK_DEADLINE = Duration.ofMinutes(3);

    public WitnessDown() {
        super("witness-down", "witness powered off (data nodes fine)", NOT_IN_REPORT);
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Inventory.Node witness = witness(ctx, " (witness: {name, address, container})");
        if (ctx.inv().powerOff() instanceof PowerOff.Clean) {
            // The clean simulation stops a node's watchdog timer and Compose project; a witness has
            // neither.
            throw new DrillAbort(
                    "witness-down needs power_off mode container or command: 'clean' has nothing to stop on a witness");
        }
        Inventory.Node primary = ctx.primary();
        Instant off;
        DrillContext.HoldSummary held;
        try {
            off =
                    ctx.inject(
                            "power-off of the witness "
                                    + witness
                                    + " ("
                                    + ctx.inv().powerOff().describe()
                                    + ")",
                            () -> ctx.ops().powerOff(witness));
            held = ctx.hold(HOLD);
        } finally {
            ctx.restore("power on the witness " + witness, () -> ctx.ops().powerOn(witness));
        }
        Instant on = Instant.now();
        Optional<Instant> back =
                ctx.waitUntil(
                        "repmgr on "
                                + primary.name()
                                + " sees the witness running with its repmgrd",
                        () -> ctx.ops().witnessAnswering(primary),
                        BACK_DEADLINE);
        ctx.metric("witness back s", back.map(t -> Timeline.between(on, t)).orElse(null));
        ctx.check(
                back.isPresent()
                        ? Check.pass(
                                "witness back",
                                "answering "
                                        + Timeline.between(on, back.get())
                                        + " s after the power-on")
                        : Check.fail(
                                "witness back",
                                "not running in `repmgr service status` on "
                                        + primary.name()
                                        + " within "
                                        + BACK_DEADLINE.toSeconds()
                                        + " s of the power-on: "
                                        + ctx.ops()
                                                .repmgrServiceStatus(primary)
                                                .strip()
                                                .replace("\n", " / ")));
        Convergence c = ctx.await(Invariants.Level.FULL, DrillContext.CONVERGE_DEADLINE);
        ctx.phase("witness down " + HOLD.toSeconds() + " s", primary, off, on, false, c);
        checkNothingHappened(ctx, primary, off, held);
    }

    private static void checkNothingHappened(
            DrillContext ctx, Inventory.Node primary, Instant off, DrillContext.HoldSummary held) {
        Optional<Instant> promoted =
                PromotionWatcher.promotedAfter(ctx.roleSamples(), primary.name(), off);
        boolean same = ctx.currentPrimary().filter(primary::equals).isPresent();
        boolean quiet =
                promoted.isEmpty() && same && held.maxPrimaries() <= 1 && held.maxRouters() <= 1;
        String detail =
                "promotion "
                        + promoted.map(t -> Timeline.between(off, t) + " s after the power-off")
                                .orElse("none")
                        + ", primary now "
                        + ctx.currentPrimary().map(Inventory.Node::name).orElse("(not one)")
                        + ", max routers "
                        + held.maxRouters()
                        + ", max primaries "
                        + held.maxPrimaries()
                        + " during the hold";
        ctx.check(quiet ? Check.pass("no failover", detail) : Check.fail("no failover", detail));

        List<String> fences = new ArrayList<>();
        for (Inventory.Node n : ctx.inv().dataNodes()) {
            for (JournalEntry e :
                    JournalEntry.ofKindSince(
                            JournalEntry.parseLines(ctx.ops().journal(n)), "FENCE", off)) {
                fences.add(n.name() + " " + e.time() + " " + e.rule() + ": " + e.reason());
            }
        }
        Instant now = Instant.now();
        double readOnly =
                Looks.seconds(
                        ctx.looks(),
                        Looks.node(primary.name(), NodeFacts.Reachable::fenced),
                        off,
                        now);
        ctx.metric("FENCE entries", (double) fences.size());
        ctx.check(
                fences.isEmpty() && readOnly == 0
                        ? Check.pass(
                                "no fence",
                                "no FENCE in either journal, "
                                        + primary.name()
                                        + " never default_transaction_read_only = on")
                        : Check.fail(
                                "no fence",
                                fences.size()
                                        + " FENCE entries "
                                        + fences
                                        + ", "
                                        + primary.name()
                                        + " read-only for "
                                        + readOnly
                                        + " s"));

        BadWindow lb =
                BadWindow.of(
                        ctx.lbSamples().stream().filter(s -> !s.at().isBefore(off)).toList(),
                        HealthPoller.INTERVAL);
        ctx.check(
                lb.non200() == 0
                        ? Check.pass(
                                "no bad window",
                                lb.probes() + " LB probes since the power-off, all 200")
                        : Check.fail(
                                "no bad window",
                                lb.non200()
                                        + " of "
                                        + lb.probes()
                                        + " LB probes since the power-off not 200 (longest "
                                        + lb.longestSeconds()
                                        + " s)"));
    }
}
