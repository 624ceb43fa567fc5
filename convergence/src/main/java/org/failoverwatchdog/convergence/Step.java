package org.failoverwatchdog.convergence;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One ordered action of a convergence plan. Every step is idempotent: running it again is harmless. */
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
     * Polls a check until it passes or the deadline passes. When it misses, the remedy runs (at most
     * remedyAttempts times) and the gate is polled again. A required gate that finally misses stops
     * the plan: later steps depend on it.
     */
    record Gate(GateCheck check, Duration deadline, Optional<Step> remedy, int remedyAttempts, boolean required) implements Step {
        public String describe() {
            return "gate " + check.describe() + " within " + deadline.toMillis() + " ms";
        }
    }
}
