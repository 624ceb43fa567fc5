package org.failoverwatchdog.watchdog.rules;

import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * The outcome of deciding: at most one plan, the state to persist before it runs, and the notes
 * that explain what was seen and why nothing else was done (shown by status, plan and the log).
 */
public record Decision(Optional<Plan> plan, WatchdogState next, List<String> notes) {
    public Decision {
        notes = List.copyOf(notes);
    }
}
