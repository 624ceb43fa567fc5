package org.failoverwatchdog.watchdog.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.failoverwatchdog.convergence.TransitionHook;
import org.failoverwatchdog.watchdog.state.MonitorState;
import org.failoverwatchdog.watchdog.state.SetAsideStateFiles;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.testing.HealthyPrimary;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped alert rules: Prometheus's rule-file shape, and only series the textfile really has.
 */
class AlertRulesTest {
    @SuppressWarnings("unchecked")
    @Test
    void theShippedRulesAreRuleFilesOnTheSeriesTheTickWrites() throws Exception {
        Map<String, Object> file =
                new Yaml()
                        .load(Files.readString(Path.of("..", "docs", "monitoring", "alerts.yml")));
        List<Map<String, Object>> groups = (List<Map<String, Object>>) file.get("groups");
        Map<String, String> exprByAlert = new HashMap<>();
        for (Map<String, Object> g : groups) {
            assertTrue(g.get("name") instanceof String);
            for (Map<String, Object> r : (List<Map<String, Object>>) g.get("rules")) {
                assertTrue(
                        Set.of("alert", "expr", "for", "labels", "annotations")
                                .containsAll(r.keySet()),
                        r.keySet().toString());
                String alert = (String) r.get("alert");
                assertTrue(alert.matches("[A-Z][A-Za-z0-9]+"), alert);
                assertTrue(
                        exprByAlert.put(alert, (String) r.get("expr")) == null,
                        "one rule per name: " + alert);
                assertTrue(
                        Set.of("critical", "warning")
                                .contains(((Map<String, String>) r.get("labels")).get("severity")),
                        alert);
                assertTrue(
                        ((Map<String, String>) r.get("annotations")).containsKey("summary"), alert);
                if (r.containsKey("for"))
                    assertTrue(r.get("for").toString().matches("\\d+[smh]"), alert);
            }
        }
        String full =
                MetricsText.render(
                        HealthyPrimary.config(""),
                        new TickReport(
                                HealthyPrimary.T0,
                                Duration.ofMillis(100),
                                true,
                                Optional.of(HealthyPrimary.T0),
                                Optional.of(HealthyPrimary.observations()),
                                Optional.of(
                                        WatchdogState.initial()
                                                .withFenced(
                                                        Optional.of(
                                                                new WatchdogState.Fence(
                                                                        HealthyPrimary.T0, "x")))),
                                OptionalInt.of(0),
                                MonitorState.empty()
                                        .withHook(TransitionHook.Result.FAILED)
                                        .withTransition(
                                                new MonitorState.LastTransition(
                                                        HealthyPrimary.T0,
                                                        "PROMOTE",
                                                        "rule1",
                                                        MonitorState.Result.FAILED,
                                                        Duration.ofSeconds(1))),
                                List.of(
                                        new SetAsideStateFiles.SetAside(
                                                Path.of("/x"), HealthyPrimary.T0, "x"))));
        Set<String> written = new TreeSet<>();
        full.lines()
                .filter(l -> l.startsWith("# TYPE "))
                .forEach(l -> written.add(l.split(" ")[2]));
        Matcher m =
                Pattern.compile("failover_watchdog_[a-z0-9_]+")
                        .matcher(String.join("\n", exprByAlert.values()));
        while (m.find())
            assertTrue(
                    written.contains(m.group()),
                    m.group() + " is not written by the tick; it writes " + written);
        // The alerts the issue asks for, on the series they must watch.
        assertTrue(
                exprByAlert
                        .get("FailoverWatchdogNotTicking")
                        .contains("time() - failover_watchdog_last_tick_timestamp_seconds"));
        assertEquals("failover_watchdog_verdict == 2", exprByAlert.get("FailoverWatchdogCritical"));
        assertEquals("failover_watchdog_fenced == 1", exprByAlert.get("FailoverWatchdogFenced"));
        assertTrue(
                exprByAlert
                        .get("FailoverWatchdogTransitionFailed")
                        .contains("failover_watchdog_transitions_total{result=\"failed\"}"));
    }
}
