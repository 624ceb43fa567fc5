package org.failoverwatchdog.drills.drill;

import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * "PostgreSQL crash on the primary": kill -9 of the postmaster. repmgr promotes the standby after
 * its reconnect attempts and the app layer must follow (Rule 1) with one router left. Afterwards
 * the crashed database is made a standby again (the inventory's rejoin command).
 */
public final class PostgresCrash extends NamedDrill {
    public PostgresCrash() {
        super("postgres-crash", "PostgreSQL crash on the primary", "~36 s");
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
                "kill -9 of the postmaster on " + victim,
                () -> ctx.ops().crashPostgres(victim),
                "postgres@" + victim.name());
        Inventory.Node survivor = ctx.standby();
        if (ctx.currentPrimary().filter(p -> p.equals(survivor)).isPresent()) {
            ctx.restore(
                    "rejoin " + victim + "'s database as a standby of " + survivor,
                    () -> ctx.ops().rejoin(victim, survivor));
        } else {
            // No promotion happened: the crashed primary is still the only primary there is.
            ctx.restore(
                    "start PostgreSQL on " + victim + " again (no promotion seen)",
                    () -> ctx.ops().startPostgres(victim));
        }
    }
}
