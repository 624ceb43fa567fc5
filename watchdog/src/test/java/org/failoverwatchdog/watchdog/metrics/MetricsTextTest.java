package org.failoverwatchdog.watchdog.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.failoverwatchdog.convergence.TransitionHook;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.state.MonitorState;
import org.failoverwatchdog.watchdog.state.SetAsideStateFiles;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.testing.HealthyPrimary;
import org.junit.jupiter.api.Test;

class MetricsTextTest {
    private static final WatchdogConfig C = HealthyPrimary.config("");
    private static final Instant T0 = HealthyPrimary.T0;
    private static final Pattern SAMPLE =
            Pattern.compile(
                    "([a-z_:][a-z0-9_:]*)(\\{([a-z_]+=\"(?:[^\"\\\\]|\\\\.)*\")(,[a-z_]+=\"(?:[^\"\\\\]|\\\\.)*\")*\\})? (-?[0-9.]+)");

    private static MonitorState busy() {
        return MonitorState.empty()
                .withTransition(
                        new MonitorState.LastTransition(
                                T0.minusSeconds(600),
                                "PROMOTE",
                                "rule1",
                                MonitorState.Result.SUCCEEDED,
                                Duration.ofMillis(21111)))
                .withTransition(
                        new MonitorState.LastTransition(
                                T0.minusSeconds(300),
                                "FENCE",
                                "fence",
                                MonitorState.Result.SUCCEEDED,
                                Duration.ofMillis(412)))
                .withTransition(
                        new MonitorState.LastTransition(
                                T0.minusSeconds(60),
                                "UNFENCE",
                                "fence",
                                MonitorState.Result.FAILED,
                                Duration.ofMillis(90500)))
                .withHook(TransitionHook.Result.SUCCEEDED)
                .withHook(TransitionHook.Result.TIMED_OUT);
    }

    private static String render(
            WatchdogState s, MonitorState m, List<SetAsideStateFiles.SetAside> aside) {
        return MetricsText.render(
                C,
                new TickReport(
                        T0,
                        Duration.ofMillis(120),
                        true,
                        Optional.of(T0.plusMillis(120)),
                        Optional.of(HealthyPrimary.observations()),
                        Optional.of(s),
                        OptionalInt.of(2),
                        m,
                        aside));
    }

    /** The text format as the textfile collector parses it, and Prometheus's naming conventions. */
    private static Map<String, Double> lint(String text) {
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Map<String, Double> series = new HashMap<>();
        String current = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) continue;
            if (line.startsWith("# HELP ")) {
                String name = line.split(" ")[2];
                assertTrue(helped.add(name), "one HELP per family: " + name);
                current = name;
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                assertEquals(current, p[2], "TYPE follows its HELP");
                assertTrue(types.put(p[2], p[3]) == null, "one TYPE per family: " + p[2]);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "a sample line: " + line);
            assertEquals(
                    current,
                    m.group(1),
                    "a sample belongs to the family declared above it: " + line);
            assertTrue(
                    series.put(
                                    m.group(1) + (m.group(2) == null ? "" : m.group(2)),
                                    Double.parseDouble(m.group(5)))
                            == null,
                    "one value per series: " + line);
        }
        assertTrue(text.endsWith("\n"));
        types.forEach(
                (name, type) -> {
                    assertTrue(name.startsWith("failover_watchdog_"), name);
                    assertEquals(
                            type.equals("counter"),
                            name.endsWith("_total"),
                            "counters and only counters end in _total: " + name);
                    assertFalse(
                            name.contains("_ms") || name.contains("millis"), "base units: " + name);
                });
        return series;
    }

    @Test
    void everySeriesFollowsTheTextFormatAndTheNamingConventions() {
        Map<String, Double> s =
                lint(
                        render(
                                WatchdogState.initial(),
                                busy(),
                                List.of(
                                        new SetAsideStateFiles.SetAside(
                                                Path.of(
                                                        "/var/lib/failover-watchdog/state.json.corrupt-20261130T061000Z"),
                                                T0.minusSeconds(600),
                                                "x"))));
        assertEquals(
                1,
                s.get(
                        "failover_watchdog_transitions_total{kind=\"promote\",rule=\"rule1\",result=\"succeeded\"}"));
        assertEquals(
                1,
                s.get(
                        "failover_watchdog_transitions_total{kind=\"unfence\",rule=\"fence\",result=\"failed\"}"));
        assertEquals(90.5, s.get("failover_watchdog_last_transition_duration_seconds"));
        assertEquals(0, s.get("failover_watchdog_last_transition_succeeded"));
        assertEquals(
                T0.minusSeconds(60).getEpochSecond(),
                s.get("failover_watchdog_last_transition_timestamp_seconds"));
        assertEquals(1, s.get("failover_watchdog_hook_runs_total{result=\"timed_out\"}"));
        assertEquals(2, s.get("failover_watchdog_verdict"));
        assertEquals(
                T0.getEpochSecond() + 0.12,
                s.get("failover_watchdog_last_tick_timestamp_seconds"),
                1e-6);
        assertEquals(0.12, s.get("failover_watchdog_tick_duration_seconds"));
        assertEquals(1, s.get("failover_watchdog_corrupt_state_files"));
        assertEquals(
                0.003, s.get("failover_watchdog_observation_latency_seconds{observation=\"db\"}"));
        assertEquals(1, s.get("failover_watchdog_observation_known{observation=\"peer_db\"}"));
    }

    @Test
    void aRoleIsOneSeriesPerRoleWithOneOfThemOne() {
        Map<String, Double> s =
                lint(render(WatchdogState.initial(), MonitorState.empty(), List.of()));
        assertEquals(
                Map.of("primary", 1.0, "standby", 0.0, "down", 0.0, "unknown", 0.0),
                byLabel(s, "failover_watchdog_db_role"));
        assertEquals(
                Map.of("primary", 1.0, "secondary", 0.0, "unknown", 0.0),
                byLabel(s, "failover_watchdog_app_role"));
    }

    @Test
    void fencedPausedAndTheRule3TimerComeFromTheStateTheTickLeft() {
        WatchdogState s =
                WatchdogState.initial()
                        .withFenced(Optional.of(new WatchdogState.Fence(T0, "cut off")))
                        .withPaused(Optional.of(new WatchdogState.Pause(T0, "maintenance")))
                        .withTimer(Optional.of(T0.minusSeconds(3)), Optional.of(T0));
        Map<String, Double> m = lint(render(s, MonitorState.empty(), List.of()));
        assertEquals(1, m.get("failover_watchdog_fenced"));
        assertEquals(1, m.get("failover_watchdog_paused"));
        assertEquals(1, m.get("failover_watchdog_rule3_timer_running"));
        assertEquals(3.12, m.get("failover_watchdog_rule3_timer_seconds"), 1e-9);
        assertEquals(5, m.get("failover_watchdog_rule3_threshold_seconds"));
        Map<String, Double> quiet =
                lint(render(WatchdogState.initial(), MonitorState.empty(), List.of()));
        assertEquals(0, quiet.get("failover_watchdog_rule3_timer_seconds"));
        assertFalse(quiet.containsKey("failover_watchdog_corrupt_state_last_timestamp_seconds"));
    }

    /**
     * paused is 1 while any pause holds the node; paused_scope says which (node, pair); the pair's
     * series is left out while it cannot be read, and its observation says so.
     */
    @Test
    void pausedSaysWhetherAnyPauseHoldsAndPausedScopeWhich() {
        Observations pair =
                HealthyPrimary.observations()
                        .withPairPause(
                                Observed.known(
                                        new PairPause.Paused("alice", "node1", T0, "db upgrade"),
                                        Duration.ZERO));
        Map<String, Double> m = lint(render(pair, WatchdogState.initial()));
        assertEquals(1, m.get("failover_watchdog_paused"));
        assertEquals(Map.of("node", 0.0, "pair", 1.0), scopes(m));
        assertEquals(1, m.get("failover_watchdog_observation_known{observation=\"pair_pause\"}"));

        Map<String, Double> quiet =
                lint(render(WatchdogState.initial(), MonitorState.empty(), List.of()));
        assertEquals(0, quiet.get("failover_watchdog_paused"));
        assertEquals(Map.of("node", 0.0, "pair", 0.0), scopes(quiet));

        Map<String, Double> unknown =
                lint(
                        render(
                                HealthyPrimary.observations()
                                        .withPairPause(
                                                Observed.unknown(
                                                        "permission denied", Duration.ZERO)),
                                WatchdogState.initial()
                                        .withPaused(
                                                Optional.of(
                                                        new WatchdogState.Pause(T0, "kernel")))));
        assertEquals(1, unknown.get("failover_watchdog_paused"));
        assertEquals(Map.of("node", 1.0), scopes(unknown));
        assertEquals(
                0, unknown.get("failover_watchdog_observation_known{observation=\"pair_pause\"}"));
    }

    private static Map<String, Double> scopes(Map<String, Double> series) {
        Map<String, Double> out = new HashMap<>();
        String p = "failover_watchdog_paused_scope{scope=\"";
        series.forEach(
                (k, v) -> {
                    if (k.startsWith(p)) out.put(k.substring(p.length(), k.length() - 2), v);
                });
        return out;
    }

    private static String render(Observations o, WatchdogState s) {
        return MetricsText.render(
                C,
                new TickReport(
                        T0,
                        Duration.ofMillis(120),
                        true,
                        Optional.of(T0.plusMillis(120)),
                        Optional.of(o),
                        Optional.of(s),
                        OptionalInt.of(1),
                        MonitorState.empty(),
                        List.of()));
    }

    @Test
    void theLastTickAndTheLastSuccessReadBackFromTheTextfile(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        TextfileMetrics m = new TextfileMetrics(dir.resolve("fw.prom"));
        assertEquals(Optional.empty(), m.lastTick(), "no textfile yet");
        m.write(render(WatchdogState.initial(), MonitorState.empty(), List.of()));
        assertEquals(
                Optional.of(T0.plusMillis(120)),
                m.lastTick(),
                "the tick's end, as `failover-watchdog status` reads it for tick_age");
        assertEquals(Optional.of(T0.plusMillis(120)), m.lastSuccess());
    }

    @Test
    void labelValuesAreEscaped() {
        String t =
                new PromText()
                        .family("failover_watchdog_x", PromText.Type.GAUGE, "a \\ b\nc")
                        .sample("failover_watchdog_x", 1, "v", "a\"b\\c\nd")
                        .toString();
        assertEquals(
                "# HELP failover_watchdog_x a \\\\ b\\nc\n# TYPE failover_watchdog_x gauge\nfailover_watchdog_x{v=\"a\\\"b\\\\c\\nd\"} 1\n",
                t);
        lint(t);
    }

    private static Map<String, Double> byLabel(Map<String, Double> series, String family) {
        Map<String, Double> out = new HashMap<>();
        series.forEach(
                (k, v) -> {
                    if (k.startsWith(family + "{role=\""))
                        out.put(k.substring(family.length() + 7, k.length() - 2), v);
                });
        return out;
    }
}
