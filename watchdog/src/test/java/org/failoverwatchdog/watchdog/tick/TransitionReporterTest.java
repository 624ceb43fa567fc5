package org.failoverwatchdog.watchdog.tick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.convergence.StepResult;
import org.failoverwatchdog.convergence.TransitionHook;
import org.failoverwatchdog.watchdog.log.JournalPriority;
import org.failoverwatchdog.watchdog.state.MonitorState;
import org.failoverwatchdog.watchdog.testing.HealthyPrimary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * After every plan: a log line at its priority, the counts, and the operator's hook, which never
 * changes the outcome.
 */
class TransitionReporterTest {
    @TempDir Path dir;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(TransitionReporter.class);
    private static final Instant T = Instant.parse("2026-11-30T06:20:00Z");

    @BeforeEach
    void attach() {
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void detach() {
        log.detachAppender(logged);
    }

    private static PlanResult result(PlanKind kind, RuleName rule, boolean ok) {
        Plan plan =
                new Plan(
                        kind,
                        rule,
                        "because of the test",
                        List.of(new Step.Start(List.of("edge"))));
        return new PlanResult(
                plan,
                T,
                Duration.ofMillis(1500),
                List.of(
                        new StepResult(
                                "start edge",
                                ok ? StepResult.Outcome.DONE : StepResult.Outcome.FAILED,
                                Duration.ofMillis(1500),
                                ok ? "" : "exited 1")),
                ok);
    }

    private TransitionReporter reporter(String hooks) {
        return new TransitionReporter(HealthyPrimary.config(hooks));
    }

    @Test
    void eachTransitionIsLoggedAtThePriorityItDeservesAndCounted() {
        TransitionReporter r = reporter("");
        MonitorState m = MonitorState.empty();
        m = r.report(result(PlanKind.PROMOTE, RuleName.RULE1, true), m);
        m = r.report(result(PlanKind.FENCE, RuleName.FENCE, true), m);
        m = r.report(result(PlanKind.DEMOTE, RuleName.RULE1, false), m);
        List<ILoggingEvent> e = logged.list;
        assertEquals(Level.INFO, e.get(0).getLevel());
        assertTrue(
                e.get(0).getMarkerList().contains(JournalPriority.NOTICE), "a transition: notice");
        assertEquals(
                "PROMOTE (rule1) succeeded in 1500 ms; because because of the test",
                e.get(0).getFormattedMessage());
        assertEquals(Level.WARN, e.get(1).getLevel(), "a fence: warning");
        assertEquals(Level.ERROR, e.get(2).getLevel(), "a failed plan: err");
        assertTrue(
                e.get(2)
                        .getFormattedMessage()
                        .startsWith(
                                "DEMOTE (rule1) FAILED in 1500 ms; start edge: FAILED (exited 1)"),
                e.get(2).getFormattedMessage());
        assertEquals(
                Map.of(
                        new MonitorState.TransitionKey(
                                "PROMOTE", "rule1", MonitorState.Result.SUCCEEDED),
                        1L,
                        new MonitorState.TransitionKey(
                                "FENCE", "fence", MonitorState.Result.SUCCEEDED),
                        1L,
                        new MonitorState.TransitionKey(
                                "DEMOTE", "rule1", MonitorState.Result.FAILED),
                        1L),
                m.transitions());
        assertEquals(
                new MonitorState.LastTransition(
                        T, "DEMOTE", "rule1", MonitorState.Result.FAILED, Duration.ofMillis(1500)),
                m.last().orElseThrow());
        assertTrue(m.hooks().isEmpty(), "no hook configured, none run");
    }

    @Test
    void theHookRunsAfterEveryPlanWithWhatHappened() throws Exception {
        Path out = dir.resolve("hook.env");
        TransitionReporter r =
                reporter(
                        "hooks: {on_transition: \"env | grep '^FW_' | sort >> "
                                + out
                                + "\", timeout: 5s}\n");
        MonitorState m =
                r.report(result(PlanKind.REPAIR, RuleName.RULE2, false), MonitorState.empty());
        m = r.report(result(PlanKind.REJOIN, RuleName.FENCE, true), m);
        List<String> lines = Files.readAllLines(out);
        assertTrue(
                lines.containsAll(
                        List.of(
                                "FW_KIND=REPAIR",
                                "FW_RULE=rule2",
                                "FW_RESULT=failed",
                                "FW_NODE=node1",
                                "FW_PEER=node2",
                                "FW_DURATION_MS=1500",
                                "FW_TIME=2026-11-30T06:20:00Z",
                                "FW_REASON=because of the test",
                                "FW_FAILED_STEP=start edge: exited 1")),
                lines.toString());
        assertTrue(
                lines.containsAll(
                        List.of("FW_KIND=REJOIN", "FW_RESULT=succeeded", "FW_FAILED_STEP=")),
                lines.toString());
        assertEquals(2L, m.hooks().get(TransitionHook.Result.SUCCEEDED));
    }

    @Test
    void aHookThatTimesOutIsAWarningAndNothingElse() {
        TransitionReporter r = reporter("hooks: {on_transition: \"sleep 30\", timeout: 1s}\n");
        long t0 = System.nanoTime();
        MonitorState m =
                r.report(result(PlanKind.PROMOTE, RuleName.RULE3, true), MonitorState.empty());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "bounded by hooks.timeout");
        assertEquals(1L, m.hooks().get(TransitionHook.Result.TIMED_OUT));
        assertEquals(
                MonitorState.Result.SUCCEEDED,
                m.last().orElseThrow().result(),
                "the transition stands");
        ILoggingEvent warn = logged.list.get(1);
        assertEquals(Level.WARN, warn.getLevel());
        assertTrue(
                warn.getFormattedMessage()
                        .startsWith(
                                "hooks.on_transition for PROMOTE (rule3) timed out: killed after 1000 ms"),
                warn.getFormattedMessage());

        MonitorState failed =
                reporter("hooks: {on_transition: \"exit 7\"}\n")
                        .report(
                                result(PlanKind.PROMOTE, RuleName.RULE3, true),
                                MonitorState.empty());
        assertEquals(1L, failed.hooks().get(TransitionHook.Result.FAILED));
        assertTrue(
                logged.list.get(3).getFormattedMessage().contains("failed: exit 7"),
                logged.list.get(3).getFormattedMessage());
    }
}
