package org.failoverwatchdog.drills.run;

/** A drill step that could not be done (a command failed): the iteration fails with this reason. */
public final class DrillAbort extends Exception {
    private static final long serialVersionUID = 1L;

    public DrillAbort(String message) {
        super(message);
    }
}
