package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.convergence.Journal;

/**
 * How an operator's command (switchover, failover) went: its checks, its phases with their
 * durations, repmgr's run, and one line saying what happened (and the fix when it did not).
 *
 * @param phases in order; each one's {@code at} is counted from the command's start
 */
record OperatorReport(
        Command command,
        Result result,
        String from,
        String to,
        boolean dryRun,
        Instant started,
        List<Precheck> checks,
        List<Phase> phases,
        Optional<Repmgr.Run> repmgr,
        String message,
        Optional<String> fix) {

    OperatorReport {
        checks = List.copyOf(checks);
        phases = List.copyOf(phases);
    }

    enum Command {
        SWITCHOVER,
        FAILOVER
    }

    enum Result {
        /** The primary moved and both app layers followed. */
        DONE(0),
        /** The target already is primary. */
        NOTHING_TO_DO(0),
        /** --dry-run: every check and repmgr's own dry run passed. */
        DRY_RUN_OK(0),
        /** A check failed (or the operator said no): nothing was changed. */
        REFUSED(1),
        /** Begun and not finished: repmgr failed, or a gate missed its deadline. */
        FAILED(3);

        final int exitCode;

        Result(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /**
     * @param took since the phase before ended (0 when this one was already seen done by then)
     * @param at since the command began
     */
    record Phase(String name, boolean ok, Duration took, Duration at, String detail) {}

    Duration total() {
        return phases.isEmpty() ? Duration.ZERO : phases.get(phases.size() - 1).at();
    }

    /**
     * The journal's line for it: kind SWITCHOVER or FAILOVER, rule "operator", each phase a step.
     */
    Journal.Entry journalEntry(String node, String reason) {
        List<Journal.StepEntry> steps = new ArrayList<>();
        for (Phase p : phases)
            steps.add(
                    new Journal.StepEntry(
                            p.name(), p.ok() ? "DONE" : "FAILED", p.took().toMillis(), p.detail()));
        return new Journal.Entry(
                started,
                node,
                command.name(),
                "operator",
                reason,
                result == Result.DONE,
                total().toMillis(),
                steps);
    }
}
