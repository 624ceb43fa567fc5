package org.failoverwatchdog.convergence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A finished (or stopped) plan: what the journal records for one transition. */
public record PlanResult(
        Plan plan, Instant started, Duration duration, List<StepResult> steps, boolean succeeded) {
    public PlanResult {
        steps = List.copyOf(steps);
    }
}
