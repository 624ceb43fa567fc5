package org.failoverwatchdog.drills.run;

import java.time.Instant;
import java.util.List;

/** How a wait for the invariants ended: they held from some moment, or the deadline came first. */
public sealed interface Convergence permits Convergence.Reached, Convergence.TimedOut {
    Instant at();

    record Reached(Instant at) implements Convergence {}

    /** at: when the wait gave up; problems: what still did not hold at the last look. */
    record TimedOut(Instant at, List<String> problems) implements Convergence {
        public TimedOut {
            problems = List.copyOf(problems);
        }
    }
}
