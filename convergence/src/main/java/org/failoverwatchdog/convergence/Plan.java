package org.failoverwatchdog.convergence;

import java.util.List;

/**
 * What a tick decided to do: the rule that fired, the one reason it fired for, and ordered steps.
 *
 * @param kind PROMOTE, DEMOTE, REPAIR, ... (for the journal and status)
 */
public record Plan(String kind, String rule, String reason, List<Step> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }
}
