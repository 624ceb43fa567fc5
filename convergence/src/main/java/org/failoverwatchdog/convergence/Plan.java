package org.failoverwatchdog.convergence;

import java.util.List;

/**
 * What a tick decided to do: the rule that fired, the one reason it fired for, and ordered steps.
 *
 * @param kind what it does (for the journal, status, and whether a tick cut short resumes it)
 */
public record Plan(PlanKind kind, RuleName rule, String reason, List<Step> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }
}
