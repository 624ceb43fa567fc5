package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.failoverwatchdog.convergence.StepResult.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook really runs: /bin/sh -c, the FW_* environment, the timeout that kills it. */
class TransitionHookTest {
    @TempDir Path dir;

    /** A failed promote whose reason would run code if it were ever put into the command line. */
    private static PlanResult failedPromote() {
        Plan plan =
                new Plan(
                        PlanKind.PROMOTE,
                        RuleName.RULE1,
                        "local PostgreSQL is primary \"quoted\" $(touch pwned) `touch pwned2`",
                        List.of(
                                new Step.Recreate(List.of("pgpool")),
                                new Step.Start(List.of("edge"))));
        return new PlanResult(
                plan,
                Instant.parse("2026-11-30T06:20:00.5Z"),
                Duration.ofMillis(4321),
                List.of(
                        new StepResult(
                                "recreate pgpool",
                                Outcome.FAILED,
                                Duration.ofMillis(4000),
                                "exited 1: no such image"),
                        new StepResult("start edge", Outcome.SKIPPED, Duration.ZERO, "")),
                false);
    }

    @Test
    void theHookGetsWhatHappenedInItsEnvironment() throws Exception {
        Path out = dir.resolve("env.txt");
        TransitionHook hook =
                new TransitionHook(
                        "env | grep '^FW_' | sort > '" + out + "'", Duration.ofSeconds(10));
        TransitionHook.Outcome o = hook.run(failedPromote(), "node1", "node2");
        assertEquals(TransitionHook.Result.SUCCEEDED, o.result(), o.detail());
        Map<String, String> env =
                Files.readAllLines(out).stream()
                        .map(l -> l.split("=", 2))
                        .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        assertEquals("PROMOTE", env.get("FW_KIND"));
        assertEquals("rule1", env.get("FW_RULE"));
        assertEquals("failed", env.get("FW_RESULT"));
        assertEquals(
                "local PostgreSQL is primary \"quoted\" $(touch pwned) `touch pwned2`",
                env.get("FW_REASON"));
        assertEquals("node1", env.get("FW_NODE"));
        assertEquals("node2", env.get("FW_PEER"));
        assertEquals("2026-11-30T06:20:00.500Z", env.get("FW_TIME"));
        assertEquals("4321", env.get("FW_DURATION_MS"));
        assertEquals("recreate pgpool: exited 1: no such image", env.get("FW_FAILED_STEP"));
        assertFalse(
                Files.exists(Path.of("pwned")) || Files.exists(dir.resolve("pwned")),
                "the reason is data, never shell code");
    }

    @Test
    void aHookThatOutlivesItsTimeoutIsKilledAndSaidSo() throws Exception {
        Path marker = dir.resolve("finished");
        TransitionHook hook =
                new TransitionHook(
                        "echo waiting; sleep 30; touch '" + marker + "'", Duration.ofMillis(300));
        long t0 = System.nanoTime();
        TransitionHook.Outcome o = hook.run(failedPromote(), "node1", "node2");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(TransitionHook.Result.TIMED_OUT, o.result(), o.detail());
        assertTrue(
                o.detail().contains("killed after 300 ms") && o.detail().contains("waiting"),
                o.detail());
        assertTrue(ms < 10_000, "bounded by the timeout, not the command: " + ms + " ms");
        Thread.sleep(200);
        assertFalse(Files.exists(marker), "the command was killed, not left running");
    }

    @Test
    void aFailingHookSaysItsExitCodeAndOutput() {
        TransitionHook.Outcome o =
                new TransitionHook(
                                "echo cannot reach the pager >&2; exit 3", Duration.ofSeconds(10))
                        .run(failedPromote(), "node1", "node2");
        assertEquals(TransitionHook.Result.FAILED, o.result());
        assertEquals("exit 3: cannot reach the pager", o.detail());
    }
}
