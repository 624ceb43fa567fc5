package org.failoverwatchdog.drills.drill;

import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * "Full node power-off" of the primary. The survivor must end up serving alone: DB promoted by
 * repmgr, app layer promoted (Rule 3 and/or Rule 1). Then the node is powered on again and must
 * come back as a standby (measured on its own by primary-returns; here it only has to end healthy).
 */
public final class PowerOffDrill extends NamedDrill {
    public PowerOffDrill() {
        super("power-off", "full node power-off", "seconds to low minutes");
    }

    @Override
    public boolean lostWritesAllowed() {
        return true;
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Inventory.Node victim = ctx.primary();
        PrimaryFaults.down(
                ctx,
                victim,
                "power-off of " + victim + " (" + ctx.inv().powerOff().describe() + ")",
                () -> ctx.ops().powerOff(victim),
                "power-off " + victim.name());
        ctx.restore("power on " + victim, () -> ctx.ops().powerOn(victim));
    }
}
