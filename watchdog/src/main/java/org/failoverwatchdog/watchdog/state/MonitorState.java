package org.failoverwatchdog.watchdog.state;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.TransitionHook;

/**
 * What the log and the metrics remember between ticks (each tick may be a new process), kept apart
 * from the rules' state.json: it changes when a note comes or goes, not when the rules' state does,
 * and losing it loses no decision (counters restart from 0, which Prometheus takes in stride).
 *
 * @param notes the notes logged and still current, as they read when they appeared
 * @param transitions plans run, by kind, rule and result, since this file began
 * @param last the last plan run
 * @param hooks on_transition runs by how they ended
 * @param metricsProblem why the metrics textfile could not be written, while it cannot (logged
 *     once)
 */
public record MonitorState(
        List<String> notes,
        Map<TransitionKey, Long> transitions,
        Optional<LastTransition> last,
        Map<TransitionHook.Result, Long> hooks,
        Optional<String> metricsProblem) {
    public MonitorState {
        notes = List.copyOf(notes);
        transitions = Map.copyOf(transitions);
        hooks = Map.copyOf(hooks);
    }

    public enum Result {
        SUCCEEDED,
        FAILED;

        public static Result of(boolean succeeded) {
            return succeeded ? SUCCEEDED : FAILED;
        }
    }

    /** One series of the transitions counter. */
    public record TransitionKey(String kind, String rule, Result result) {}

    public record LastTransition(
            Instant time, String kind, String rule, Result result, Duration duration) {}

    public static MonitorState empty() {
        return new MonitorState(List.of(), Map.of(), Optional.empty(), Map.of(), Optional.empty());
    }

    public MonitorState withNotes(List<String> n) {
        return new MonitorState(n, transitions, last, hooks, metricsProblem);
    }

    /** Counts a finished plan and makes it the last one. */
    public MonitorState withTransition(LastTransition t) {
        Map<TransitionKey, Long> m = new LinkedHashMap<>(transitions);
        m.merge(new TransitionKey(t.kind(), t.rule(), t.result()), 1L, Long::sum);
        return new MonitorState(notes, m, Optional.of(t), hooks, metricsProblem);
    }

    public MonitorState withHook(TransitionHook.Result r) {
        Map<TransitionHook.Result, Long> m = new EnumMap<>(TransitionHook.Result.class);
        m.putAll(hooks);
        m.merge(r, 1L, Long::sum);
        return new MonitorState(notes, transitions, last, m, metricsProblem);
    }

    public MonitorState withMetricsProblem(Optional<String> p) {
        return new MonitorState(notes, transitions, last, hooks, p);
    }
}
