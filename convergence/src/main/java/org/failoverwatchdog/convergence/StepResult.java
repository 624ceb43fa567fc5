package org.failoverwatchdog.convergence;

import java.time.Duration;

/** How one step went: for gates, whether it passed, after how long, and whether a remedy ran. */
public record StepResult(String step, Outcome outcome, Duration duration, String detail) {
    public enum Outcome {
        DONE,
        FAILED,
        GATE_PASSED,
        GATE_MISSED,
        SKIPPED
    }

    public boolean failed() {
        return outcome == Outcome.FAILED || outcome == Outcome.GATE_MISSED;
    }
}
