package org.failoverwatchdog.drills.drill;

import java.time.Instant;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * "Router crash on the primary": Docker restarts the router empty; nobody re-registers by itself,
 * so recovery needs Rule 2 (restart exactly the missing services) on both nodes.
 */
public final class RouterCrash extends NamedDrill {
    public RouterCrash() {
        super("router-crash", "router crash on the primary", "~30 s");
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Instant f =
                ctx.inject(
                        "kill -9 of the router's main process on " + ctx.primary(),
                        () -> ctx.ops().crashService(ctx.primary(), "router"));
        Convergence c = ctx.await(Invariants.Level.APP, DrillContext.CONVERGE_DEADLINE);
        ctx.phase("router@" + ctx.primary().name(), ctx.primary(), f, f, false, c);
    }
}
