package org.failoverwatchdog.watchdog.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * monitor.json as it is on disk, bound by Jackson ({@link org.failoverwatchdog.convergence.Json}):
 * the fields in the order they have always been written. {@link MonitorStore} turns it into a
 * {@link MonitorState} and back.
 *
 * @param version always 1
 * @param lastTransition left out while no plan ran
 * @param hooks on_transition runs by result (lower case: succeeded, failed, timed_out)
 * @param metricsProblem left out while the metrics textfile can be written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MonitorFile(
        Integer version,
        List<String> notes,
        List<Transition> transitions,
        Last lastTransition,
        Map<String, Long> hooks,
        String metricsProblem) {

    /**
     * @param result lower case: succeeded, failed
     */
    record Transition(String kind, String rule, String result, long count) {}

    record Last(Instant time, String kind, String rule, String result, long durationMs) {}
}
