package org.failoverwatchdog.drills.drill;

import java.time.Duration;
import java.time.Instant;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.run.Check;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * "Network partition (both alive, link dead)": DROP rules inside both data nodes for each other's
 * address only; the witness still sees both. The cut lasts a fixed time (long enough for repmgr's
 * reconnect attempts, TCP keepalives and several failover-watchdog ticks), then the link is
 * restored. Split-brain shows up as two routers/primaries during the cut and as dual-writer
 * seconds. Convergence is measured from the moment the link comes back.
 */
public final class Partition extends NamedDrill {
    static final Duration HOLD = Duration.ofSeconds(60);

    public Partition() {
        super(
                "partition",
                "network partition (both alive, link dead)",
                "automatic, split-brain risk");
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Inventory.Node a = ctx.primary(), b = ctx.standby();
        Instant f;
        DrillContext.HoldSummary held;
        try {
            f =
                    ctx.inject(
                            "DROP between " + a + " and " + b + " (witness sees both)",
                            () -> ctx.ops().partition(a, b));
            held = ctx.hold(HOLD);
        } finally {
            // The link always comes back, even when a step above failed half-way.
            ctx.restore("remove the DROP rules", () -> ctx.ops().heal(a, b));
        }
        Instant healed = Instant.now();
        boolean single = held.maxRouters() <= 1 && held.maxPrimaries() <= 1;
        ctx.check(
                single
                        ? Check.pass(
                                "one router and one primary during the cut",
                                "max routers "
                                        + held.maxRouters()
                                        + ", max primaries "
                                        + held.maxPrimaries())
                        : Check.fail(
                                "one router and one primary during the cut",
                                "max routers "
                                        + held.maxRouters()
                                        + ", max primaries "
                                        + held.maxPrimaries()
                                        + ": "
                                        + String.join(" / ", held.doubled())));
        Convergence c = ctx.await(Invariants.Level.APP, DrillContext.CONVERGE_DEADLINE);
        ctx.phase("partition " + HOLD.toSeconds() + " s", a, f, healed, false, c);
    }
}
