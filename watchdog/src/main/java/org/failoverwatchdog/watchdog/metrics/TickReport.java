package org.failoverwatchdog.watchdog.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.state.MonitorState;
import org.failoverwatchdog.watchdog.state.SetAsideStateFiles;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * What one tick saw and did, as the metrics show it. Parts are empty when the tick did not get that
 * far (it failed before observing, say): their series are then left out, never made up.
 *
 * @param succeeded the tick ran to its end and its plan, if any, succeeded
 * @param lastSuccess the end of the last tick that succeeded (this one, if it did)
 * @param state the state as the tick left it (fenced, paused, the Rule 3 timer)
 * @param verdict status's verdict at this tick's observations (0 OK, 1 WARNING, 2 CRITICAL, 3
 *     UNKNOWN)
 */
public record TickReport(
        Instant at,
        Duration took,
        boolean succeeded,
        Optional<Instant> lastSuccess,
        Optional<Observations> obs,
        Optional<WatchdogState> state,
        OptionalInt verdict,
        MonitorState monitor,
        List<SetAsideStateFiles.SetAside> setAside) {
    public TickReport {
        setAside = List.copyOf(setAside);
    }
}
