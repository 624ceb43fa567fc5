package org.failoverwatchdog.watchdog.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.watchdog.rules.Decision;
import org.failoverwatchdog.watchdog.rules.PauseHold;

/**
 * The --json outputs of plan, check, pause and resume, as records Jackson writes (status's is
 * {@link StatusJson}, list's {@link PairListingJson}, switchover's and failover's {@link
 * OperatorReportRender.ReportJson}, history's the journal's own {@link
 * org.failoverwatchdog.convergence.Journal.Entry}). The field names and their order are the
 * outputs'.
 */
final class CliJson {
    private CliJson() {}

    /**
     * `plan --json`.
     *
     * @param plan left out when there is nothing to do
     * @param withheld the plan a pause holds back; left out when none is
     */
    record PlanOutput(
            List<String> notes,
            @JsonInclude(JsonInclude.Include.NON_NULL) PlanJson plan,
            @JsonInclude(JsonInclude.Include.NON_NULL) WithheldJson withheld) {}

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
     * A plan a pause holds back, as `plan --json` shows it.
     *
     * @param heldBy each pause that holds it, described
     */
    record WithheldJson(
            String kind, String rule, String reason, List<String> steps, List<String> heldBy) {
        static WithheldJson of(Decision.Withheld w) {
            PlanJson p = PlanJson.of(w.plan());
            return new WithheldJson(
                    p.kind(),
                    p.rule(),
                    p.reason(),
                    p.steps(),
                    w.holds().stream().map(PauseHold::describe).toList());
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
     * `pause --node --json` and `resume --node --json`: this node's own pause.
     *
     * @param scope always "node"
     * @param by null when not paused ("" for a pause recorded before who paused was)
     * @param since null when not paused
     * @param reason null when not paused
     */
    record PauseOutput(String scope, boolean paused, String by, Instant since, String reason) {}

    /**
     * `pause --json` and `resume --json` of the pair ({@link PairPauseCommand}): what was written
     * on the primary and whether the other node's database shows it, or why nothing was written.
     */
    sealed interface PairPauseOutput permits PairPaused, PairResumed, PairPauseNotWritten {}

    /**
     * The pair paused.
     *
     * @param scope always "pair"
     * @param paused always true
     * @param since by the primary's clock
     * @param writtenOn the node whose database (the primary) took the row
     * @param replaced the pause this one replaced; null when there was none
     * @param peer whether the other node's database shows it
     */
    record PairPaused(
            String scope,
            boolean paused,
            String by,
            String on,
            Instant since,
            String reason,
            String writtenOn,
            PairListingJson.PauseJson replaced,
            Shown peer)
            implements PairPauseOutput {}

    /**
     * The pair resumed (or it was not paused).
     *
     * @param scope always "pair"
     * @param paused always false
     * @param was the pause removed, as the primary showed it before
     * @param nodePaused this node's own pause (`pause --node`), which the pair's resume leaves;
     *     null when there is none
     * @param peer whether the other node's database shows it; null when there was nothing to remove
     */
    record PairResumed(
            String scope,
            boolean paused,
            PairListingJson.PauseJson was,
            String writtenOn,
            NodePause nodePaused,
            Shown peer)
            implements PairPauseOutput {}

    /**
     * @param by "" for a pause recorded before who paused was
     */
    record NodePause(Instant since, String reason, String by) {}

    /**
     * Nothing changed: no primary to write to, or the write failed.
     *
     * @param scope always "pair"
     */
    record PairPauseNotWritten(String scope, String error) implements PairPauseOutput {}

    /**
     * The other node's database after the write.
     *
     * @param afterMs how long until it showed it; left out when it did not
     * @param last what it showed last; left out when it showed it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Shown(String name, boolean shows, Long afterMs, String last) {}
}
