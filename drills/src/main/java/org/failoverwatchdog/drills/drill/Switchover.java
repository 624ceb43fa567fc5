package org.failoverwatchdog.drills.drill;

import java.time.Instant;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.Drill;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * Planned switchover, both directions in one iteration (there and back, so the primary ends where
 * it started): repmgr standby switchover on the standby, then the app layer must follow (Rule 1
 * demote on the old primary, promote on the new one). No acknowledged write may be lost.
 */
public final class Switchover implements Drill {
    public String name() {
        return "switchover";
    }

    public String failure() {
        return "planned switchover (both directions)";
    }

    public String reportRto() {
        return "— (not in the report)";
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Inventory.Node from = ctx.primary();
        for (int leg = 0; leg < 2; leg++) {
            Inventory.Node to = ctx.inv().peerOf(from);
            Inventory.Node old = from;
            Instant f =
                    ctx.inject(
                            "repmgr standby switchover to " + to,
                            () ->
                                    ctx.log(
                                            ctx.ops()
                                                    .switchover(to)
                                                    .stdout()
                                                    .strip()
                                                    .lines()
                                                    .reduce((x, y) -> y)
                                                    .map(l -> "repmgr: " + l)
                                                    .orElse("repmgr: (no output)")));
            Convergence c = ctx.await(Invariants.Level.APP, DrillContext.CONVERGE_DEADLINE);
            ctx.phase(old.name() + " to " + to.name(), old, f, f, true, c);
            if (c instanceof Convergence.TimedOut)
                return; // never switch back over a cluster that did not converge
            from = to;
        }
    }
}
