package org.failoverwatchdog.drills.drill;

import java.time.Instant;
import java.util.List;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * "Container crash (any service, either node)": kill -9 of one service's main process, so Docker's
 * restart policy brings it back. Iterations rotate through services and nodes so three runs cover
 * the interesting cases (edge on the primary, dataservice's pool on the standby, pgpool).
 */
public final class ContainerCrash extends NamedDrill {
    record Target(String service, boolean onPrimary) {}

    static final List<Target> ROTATION =
            List.of(
                    new Target("edge", true),
                    new Target("dataservice", false),
                    new Target("pgpool", true),
                    new Target("gateway", false),
                    new Target("haproxy", true),
                    new Target("bastion", false),
                    new Target("ui", true));

    public ContainerCrash() {
        super("container-crash", "container crash (any service, either node)", "10–20 s");
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Target t = ROTATION.get((ctx.iteration() - 1) % ROTATION.size());
        Inventory.Node node = t.onPrimary() ? ctx.primary() : ctx.standby();
        Instant f =
                ctx.inject(
                        "kill -9 of " + t.service() + "'s main process on " + node,
                        () -> ctx.ops().crashService(node, t.service()));
        // FULL, not APP: the crashed container itself (pgpool, ui and haproxy do not register) must
        // be
        // back and healthy before this counts as recovered.
        Convergence c = ctx.await(Invariants.Level.FULL, DrillContext.CONVERGE_DEADLINE);
        ctx.phase(t.service() + "@" + node.name(), ctx.primary(), f, f, false, c);
    }
}
