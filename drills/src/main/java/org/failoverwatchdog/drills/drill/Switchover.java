package org.failoverwatchdog.drills.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * Planned switchover, both directions in one iteration (there and back, so the primary ends where
 * it started), through the watchdog's own command on the standby: `failover-watchdog switchover`
 * (its prechecks, repmgr standby switchover, its gates until both app layers followed: Rule 1
 * demote on the old primary, promote on the new one). Before each leg its --dry-run waits until
 * every precheck passes (the previous leg's role changes must be min_role_change_interval old), so
 * the fault's time is the switch's, not that wait's. No acknowledged write may be lost.
 */
public final class Switchover extends NamedDrill {
    /** How long the dry run before each leg retries the prechecks. */
    static final Duration SETTLE_WAIT = Duration.ofSeconds(60);

    /** The switch itself retries them briefly: a quiet tick may hold the lock at that moment. */
    static final Duration RUN_WAIT = Duration.ofSeconds(10);

    public Switchover() {
        super("switchover", "planned switchover (both directions)", NOT_IN_REPORT);
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Inventory.Node from = ctx.primary();
        for (int leg = 0; leg < 2; leg++) {
            Inventory.Node to = ctx.inv().peerOf(from);
            Inventory.Node old = from;
            // The pair settled and repmgr's own dry run passing: the switch starts at the fault.
            ctx.log(
                    lastLine(
                            ctx.ops().watchdogSwitchover(to, true, SETTLE_WAIT).stdout(),
                            "dry run"));
            Instant f =
                    ctx.inject(
                            "failover-watchdog switchover to " + to,
                            () ->
                                    phases(
                                                    ctx.ops()
                                                            .watchdogSwitchover(to, false, RUN_WAIT)
                                                            .stdout())
                                            .forEach(ctx::log));
            Convergence c = ctx.await(Invariants.Level.APP, DrillContext.CONVERGE_DEADLINE);
            ctx.phase(old.name() + " to " + to.name(), old, f, f, true, c);
            if (c instanceof Convergence.TimedOut)
                return; // never switch back over a cluster that did not converge
            from = to;
        }
    }

    /** The command's phase table and verdict, for the drill's log (repmgr's lines stay out). */
    static List<String> phases(String stdout) {
        List<String> lines = stdout.strip().lines().toList();
        for (int i = 0; i < lines.size(); i++)
            if (lines.get(i).startsWith("PHASE")) return lines.subList(i, lines.size());
        return List.of(lastLine(stdout, "switchover"));
    }

    static String lastLine(String stdout, String what) {
        return what + ": " + stdout.strip().lines().reduce((x, y) -> y).orElse("(no output)");
    }
}
