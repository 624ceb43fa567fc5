package org.failoverwatchdog.watchdog.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * Why a service must wait before it is repaired again, if it must: its last repair failed, or (when
 * crash loops count) it was repaired crash_loop_repairs times within crash_loop_window. Either
 * waits repair_backoff after the last repair. A repair that worked is no reason to wait.
 */
final class RepairBackoff {
    private RepairBackoff() {}

    static Optional<String> why(
            WatchdogConfig c, WatchdogState s, String service, Instant now, boolean crashLoops) {
        WatchdogState.Repairs r = s.repairs().get(service);
        if (r == null || !Elapsed.lessThan(r.last(), now, c.thresholds().repairBackoff()))
            return Optional.empty();
        long ago = Duration.between(r.last(), now).toSeconds();
        String wait =
                "next repair after repair_backoff ("
                        + c.thresholds().repairBackoff().toSeconds()
                        + " s)";
        if (r.lastFailed())
            return Optional.of("its last repair, " + ago + " s ago, failed: " + wait);
        int recent = r.within(c.thresholds().crashLoopWindow(), now).size();
        if (crashLoops && recent >= c.thresholds().crashLoopRepairs()) {
            return Optional.of(
                    "crash loop: repaired "
                            + recent
                            + " times in "
                            + c.thresholds().crashLoopWindow().toMinutes()
                            + " min, the last "
                            + ago
                            + " s ago: "
                            + wait);
        }
        return Optional.empty();
    }
}
