package org.failoverwatchdog.drills.drill;

import java.time.Instant;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * "Primary node returns after failover". Set-up (not measured): power off the primary and wait
 * until the survivor serves alone. Measured: power the old primary on. Its Docker restarts its
 * stack with the stale ha-primary .env (restart policy), so for a moment it may run a router and
 * MASTERs of its own; repmgr rejoins its database as a standby and the watchdog must demote it
 * within a tick.
 */
public final class PrimaryReturns extends NamedDrill {
    public PrimaryReturns() {
        super("primary-returns", "primary node returns after failover", "1 tick");
    }

    @Override
    public void prepare(DrillContext ctx) throws DrillAbort {
        Inventory.Node victim = ctx.primary();
        ctx.inject("set-up: power-off of " + victim, () -> ctx.ops().powerOff(victim));
        Convergence c = ctx.await(Invariants.Level.SERVING, DrillContext.CONVERGE_DEADLINE);
        if (c instanceof Convergence.TimedOut t) {
            throw new DrillAbort(
                    "the failover before the return did not converge: "
                            + String.join("; ", t.problems()));
        }
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Inventory.Node returning = ctx.primary();
        Inventory.Node survivor = ctx.standby();
        Instant f =
                ctx.inject(
                        "power on " + returning + " (the old primary returns)",
                        () -> ctx.ops().powerOn(returning));
        Convergence c = ctx.await(Invariants.Level.APP, DrillContext.CONVERGE_DEADLINE);
        ctx.phase(returning.name() + " returns", survivor, f, f, false, c);
    }
}
