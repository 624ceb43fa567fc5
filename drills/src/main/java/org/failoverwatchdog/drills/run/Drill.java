package org.failoverwatchdog.drills.run;

/**
 * One failure scenario. run() injects the fault(s) and restores through the context, which records
 * the phases; the runner around it does the healthy start, the measurements and the final checks.
 */
public interface Drill {
    String name();

    /** The row's label, as in the reference deployment's table of failures. */
    String failure();

    /**
     * The reference deployment's recovery time for this row, for the side-by-side in RESULTS.md.
     */
    String reportRto();

    /**
     * Asynchronous replication may lose the last acknowledged writes when the primary dies
     * unannounced.
     */
    default boolean lostWritesAllowed() {
        return false;
    }

    /** Set-up before the measurements start (e.g. the failover that precedes a node's return). */
    default void prepare(DrillContext ctx) throws DrillAbort {}

    void run(DrillContext ctx) throws DrillAbort;
}
