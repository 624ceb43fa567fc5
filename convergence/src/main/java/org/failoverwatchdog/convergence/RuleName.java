package org.failoverwatchdog.convergence;

import java.util.Arrays;
import java.util.Optional;

/**
 * The rule that decided a plan (the three of docs/DESIGN.md, and the fence rule). Written as {@link
 * #wire()} ("rule1", ...) in the journal, the hook's FW_RULE and state.json: files on disk keep
 * those names.
 */
public enum RuleName {
    RULE1("rule1"),
    RULE2("rule2"),
    RULE3("rule3"),
    FENCE("fence");

    private final String wire;

    RuleName(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The rule a file names, or empty when it names none. */
    public static Optional<RuleName> of(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst();
    }

    /** As the journal and the logs have always written it. */
    @Override
    public String toString() {
        return wire;
    }
}
