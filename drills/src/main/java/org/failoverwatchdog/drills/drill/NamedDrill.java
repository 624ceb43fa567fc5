package org.failoverwatchdog.drills.drill;

import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.run.Drill;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/** A drill's row, as `drill list` and the report show it: its name, its failure, its RTO. */
abstract class NamedDrill implements Drill {
    /** The report's RTO of a drill that has no row in the reference deployment's table. */
    static final String NOT_IN_REPORT = "— (not in the report)";

    private final String name;
    private final String failure;
    private final String reportRto;

    NamedDrill(String name, String failure, String reportRto) {
        this.name = name;
        this.failure = failure;
        this.reportRto = reportRto;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String failure() {
        return failure;
    }

    @Override
    public final String reportRto() {
        return reportRto;
    }

    /**
     * The inventory's witness, which this drill cannot run without.
     *
     * @param detail what the error adds after "&lt;drill&gt; needs the witness in the inventory"
     */
    final Inventory.Node witness(DrillContext ctx, String detail) throws DrillAbort {
        return ctx.inv()
                .witness()
                .orElseThrow(
                        () ->
                                new DrillAbort(
                                        name + " needs the witness in the inventory" + detail));
    }
}
