package org.failoverwatchdog.watchdog.rules;

import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * The outcome of deciding: at most one plan, the state to persist before it runs, and the notes
 * that explain what was seen and why nothing else was done (shown by status, plan and the log).
 *
 * @param withheld the plan the rules decided but a pause keeps from running: then plan is empty,
 *     and the tick says so every time
 */
public record Decision(
        Optional<Plan> plan, WatchdogState next, List<String> notes, Optional<Withheld> withheld) {
    public Decision {
        notes = List.copyOf(notes);
    }

    public Decision(Optional<Plan> plan, WatchdogState next, List<String> notes) {
        this(plan, next, notes, Optional.empty());
    }

    /**
     * @param holds what keeps it from running, at least one
     */
    public record Withheld(Plan plan, List<PauseHold> holds) {
        public Withheld {
            holds = List.copyOf(holds);
        }

        /** One line: the plan and what holds it. */
        public String describe() {
            return "paused: would have run "
                    + plan.kind()
                    + " ("
                    + plan.rule()
                    + "): "
                    + plan.reason()
                    + "; no action, because "
                    + String.join(", and ", holds.stream().map(PauseHold::describe).toList());
        }
    }
}
