package org.failoverwatchdog.convergence;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's command run after every plan, like repmgr's event_notification_command: through
 * /bin/sh -c, bounded by a timeout (the process tree is killed after it). What happened is passed
 * in FW_* environment variables, never substituted into the command line, so a reason with quotes
 * or $(...) in it cannot become shell code, and nothing secret is ever put there.
 */
public final class TransitionHook {
    /** How a hook run ended. */
    public enum Result {
        SUCCEEDED,
        FAILED,
        TIMED_OUT
    }

    /**
     * @param detail the exit code and the last lines of its output, for the log
     */
    public record Outcome(Result result, Duration took, String detail) {}

    private final String command;
    private final Duration timeout;

    public TransitionHook(String command, Duration timeout) {
        this.command = command;
        this.timeout = timeout;
    }

    public Outcome run(PlanResult r, String node, String peer) {
        try {
            CommandRunner.Outcome o =
                    CommandRunner.run(
                            List.of("/bin/sh", "-c", command),
                            null,
                            environment(r, node, peer),
                            timeout);
            if (o.timedOut())
                return new Outcome(
                        Result.TIMED_OUT,
                        o.took(),
                        "killed after " + timeout.toMillis() + " ms: " + o.tail());
            if (o.exitCode() != 0)
                return new Outcome(
                        Result.FAILED, o.took(), "exit " + o.exitCode() + ": " + o.tail());
            return new Outcome(Result.SUCCEEDED, o.took(), "exit 0");
        } catch (IOException e) {
            return new Outcome(
                    Result.FAILED, Duration.ZERO, "could not start /bin/sh: " + e.getMessage());
        }
    }

    /**
     * The FW_* variables (documented in the README); the rest of the environment is the watchdog's
     * own.
     */
    public static Map<String, String> environment(PlanResult r, String node, String peer) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FW_KIND", r.plan().kind().name());
        env.put("FW_RULE", r.plan().rule().wire());
        env.put("FW_RESULT", r.succeeded() ? "succeeded" : "failed");
        env.put("FW_REASON", r.plan().reason());
        env.put("FW_NODE", node);
        env.put("FW_PEER", peer);
        env.put("FW_TIME", r.started().toString());
        env.put("FW_DURATION_MS", Long.toString(r.duration().toMillis()));
        // The step that stopped a failed plan, with what it said: what an on-call message needs.
        env.put(
                "FW_FAILED_STEP",
                r.steps().stream()
                        .filter(StepResult::failed)
                        .findFirst()
                        .map(s -> s.step() + (s.detail().isEmpty() ? "" : ": " + s.detail()))
                        .orElse(""));
        return env;
    }
}
