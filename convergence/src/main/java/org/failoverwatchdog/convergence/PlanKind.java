package org.failoverwatchdog.convergence;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a plan does. Its name is what the journal, the hook's FW_KIND and state.json hold.
 *
 * <p>A resumable plan changes the node's role: cut short (a failed gate, a killed tick), the next
 * tick runs it again while the database still says the same, so the state keeps it pending until it
 * succeeds. The others are simply decided again from what the next tick observes.
 */
public enum PlanKind {
    PROMOTE(true),
    DEMOTE(true),
    ENSURE_ROUTER(false),
    REPAIR(false),
    FENCE(false),
    UNFENCE(true),
    REJOIN(true);

    private final boolean resumable;

    PlanKind(boolean resumable) {
        this.resumable = resumable;
    }

    public boolean resumable() {
        return resumable;
    }

    /** The kind a file names, or empty when it names none. */
    public static Optional<PlanKind> of(String name) {
        return Arrays.stream(values()).filter(k -> k.name().equals(name)).findFirst();
    }
}
