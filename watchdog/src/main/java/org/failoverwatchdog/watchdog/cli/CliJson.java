package org.failoverwatchdog.watchdog.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.Step;

/**
 * The --json outputs of plan, check, pause and resume, as records Jackson writes (status's is
 * {@link StatusJson}, list's {@link PairListingJson}, history's the journal's own {@link
 * org.failoverwatchdog.convergence.Journal.Entry}). The field names and their order are the
 * outputs'.
 */
final class CliJson {
    private CliJson() {}

    /**
     * `plan --json`.
     *
     * @param plan left out when there is nothing to do
     */
    record PlanOutput(
            List<String> notes, @JsonInclude(JsonInclude.Include.NON_NULL) PlanJson plan) {}

    record PlanJson(String kind, String rule, String reason, List<String> steps) {
        static PlanJson of(Plan p) {
            return new PlanJson(
                    p.kind().name(),
                    p.rule().wire(),
                    p.reason(),
                    p.steps().stream().map(Step::describe).toList());
        }
    }

    /**
     * `check --json`.
     *
     * @param projectDir null when the config could not be loaded
     * @param envFile null when the config could not be loaded
     */
    record CheckOutput(
            boolean ok,
            String config,
            String projectDir,
            String envFile,
            List<String> notes,
            List<String> problems,
            ConfigCheck.Timing timing) {}

    /** `check --config-only --json`: the config alone. */
    record CheckConfigOnly(boolean ok, String config, List<String> notes, List<String> problems) {}

    /**
     * `pause --json` and `resume --json`.
     *
     * @param since null when not paused
     * @param reason null when not paused
     */
    record PauseOutput(boolean paused, Instant since, String reason) {}
}
