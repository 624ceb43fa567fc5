package org.failoverwatchdog.convergence;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One ordered action of a convergence plan. Every step is idempotent: running it again is harmless.
 */
public sealed interface Step {

    String describe();

    /** Rewrites .env keys atomically, keeping comments and order. */
    record SetEnv(Map<String, String> values) implements Step {
        public String describe() {
            return "set " + values;
        }
    }

    /** compose up -d --no-deps: creates, recreates if its configuration changed, or starts. */
    record Start(List<String> services) implements Step {
        public String describe() {
            return "start " + String.join(" ", services);
        }
    }

    /** compose up -d --no-deps --force-recreate (pgpool: a stale pgpool_status can wedge it). */
    record Recreate(List<String> services) implements Step {
        public String describe() {
            return "recreate " + String.join(" ", services);
        }
    }

    /** docker restart of the service's container (docker-java). */
    record Restart(List<String> services) implements Step {
        public String describe() {
            return "restart " + String.join(" ", services);
        }
    }

    /** compose stop + rm: the service must not run here (the router on a demoted node). */
    record Remove(List<String> services) implements Step {
        public String describe() {
            return "remove " + String.join(" ", services);
        }
    }

    /**
     * Fences or unfences the local database: default_transaction_read_only set (ALTER SYSTEM, so it
     * outlives a restart) and the sessions that could still write ended; or reset. The one write
     * fence that needs no restart, so a node that was not replaced resumes in a second.
     */
    record DbWrites(boolean allowed) implements Step {
        public String describe() {
            return allowed ? "database writable" : "database read-only (fence)";
        }
    }

    /**
     * Runs an operator-configured command (sh -c) with a deadline; a non-zero exit fails the step.
     */
    record Run(String command, Duration timeout) implements Step {
        public String describe() {
            return "run " + command;
        }
    }

    /**
     * Polls a check until it passes or the deadline passes. When it misses, the remedy runs (at
     * most remedyAttempts times) and the gate is polled again for afterRemedy. A required gate that
     * finally misses stops the plan: later steps depend on it.
     *
     * @param afterRemedy how long the gate waits after each remedy: longer than the deadline when
     *     the remedy is slow to take effect and the first look only asks "is it fine already?"
     */
    record Gate(
            GateCheck check,
            Duration deadline,
            Optional<Step> remedy,
            int remedyAttempts,
            boolean required,
            Duration afterRemedy)
            implements Step {
        /** A gate that waits as long after a remedy as before it. */
        public Gate(
                GateCheck check,
                Duration deadline,
                Optional<Step> remedy,
                int remedyAttempts,
                boolean required) {
            this(check, deadline, remedy, remedyAttempts, required, deadline);
        }

        public String describe() {
            return "gate " + check.describe() + " within " + deadline.toMillis() + " ms";
        }
    }
}
