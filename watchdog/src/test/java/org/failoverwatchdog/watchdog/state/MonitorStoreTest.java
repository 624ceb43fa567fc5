package org.failoverwatchdog.watchdog.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.TransitionHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorStoreTest {
    @TempDir Path dir;

    @Test
    void countsNotesAndTheLastTransitionSurviveAProcess() throws Exception {
        MonitorStore store = new MonitorStore(dir);
        assertEquals(
                MonitorState.empty(), store.load(), "no file yet: nothing logged, nothing counted");
        Instant t = Instant.parse("2026-11-30T06:20:00Z");
        MonitorState s =
                MonitorState.empty()
                        .withNotes(List.of("database role UNKNOWN: timeout: Rule 1 waits"))
                        .withTransition(
                                new MonitorState.LastTransition(
                                        t,
                                        "PROMOTE",
                                        "rule1",
                                        MonitorState.Result.SUCCEEDED,
                                        Duration.ofMillis(21111)))
                        .withTransition(
                                new MonitorState.LastTransition(
                                        t.plusSeconds(60),
                                        "PROMOTE",
                                        "rule1",
                                        MonitorState.Result.FAILED,
                                        Duration.ofMillis(90000)))
                        .withTransition(
                                new MonitorState.LastTransition(
                                        t.plusSeconds(90),
                                        "PROMOTE",
                                        "rule1",
                                        MonitorState.Result.SUCCEEDED,
                                        Duration.ofMillis(20000)))
                        .withHook(TransitionHook.Result.TIMED_OUT)
                        .withHook(TransitionHook.Result.SUCCEEDED)
                        .withHook(TransitionHook.Result.SUCCEEDED)
                        .withMetricsProblem(
                                Optional.of(
                                        "java.nio.file.AccessDeniedException: /var/lib/node_exporter"));
        store.save(s);
        MonitorState back = new MonitorStore(dir).load();
        assertEquals(s, back);
        assertEquals(
                Map.of(
                        new MonitorState.TransitionKey(
                                "PROMOTE", "rule1", MonitorState.Result.SUCCEEDED),
                        2L,
                        new MonitorState.TransitionKey(
                                "PROMOTE", "rule1", MonitorState.Result.FAILED),
                        1L),
                back.transitions());
        assertEquals(2L, back.hooks().get(TransitionHook.Result.SUCCEEDED));
    }

    @Test
    void anUnreadableFileIsSaidSo() throws Exception {
        Files.writeString(dir.resolve("monitor.json"), "{\"version\":1,\"notes\":[");
        MonitorStore.UnreadableException e =
                assertThrows(
                        MonitorStore.UnreadableException.class, () -> new MonitorStore(dir).load());
        assertTrue(
                e.getMessage().startsWith(dir.resolve("monitor.json") + ": not JSON"),
                e.getMessage());
        Files.writeString(
                dir.resolve("monitor.json"),
                "{\"version\":1,\"transitions\":[{\"kind\":\"PROMOTE\",\"rule\":\"rule1\",\"result\":\"maybe\"}]}");
        assertThrows(MonitorStore.UnreadableException.class, () -> new MonitorStore(dir).load());
    }
}
