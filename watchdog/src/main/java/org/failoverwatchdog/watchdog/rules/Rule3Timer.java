package org.failoverwatchdog.watchdog.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * Rule 3's timer, kept across ticks in the state: started when a secondary first sees the active
 * router unreachable, stopped by any answer (or on a primary). A tick after a gap longer than
 * max_observation_gap starts it again: a timer from before the gap proves nothing about now.
 */
final class Rule3Timer {
    private Rule3Timer() {}

    static WatchdogState update(
            WatchdogConfig c, Observations o, WatchdogState s, AppRole app, List<String> notes) {
        if (app == AppRole.PRIMARY) return stopped(s);
        if (o.activeRouter().known().isEmpty()) {
            notes.add(
                    "active router UNKNOWN: "
                            + o.activeRouter().describe()
                            + ": Rule 3 timer unchanged");
            return s;
        }
        if (!(o.activeRouter().known().get() instanceof RouterView.Unreachable u))
            return stopped(s);
        Instant now = o.at();
        boolean gap =
                s.routerAbsentLastSeen()
                        .map(t -> Elapsed.moreThan(t, now, c.thresholds().maxObservationGap()))
                        .orElse(true);
        Instant since = s.routerAbsentSince().isEmpty() || gap ? now : s.routerAbsentSince().get();
        if (since.equals(now))
            notes.add(
                    "active router "
                            + u.url()
                            + " unreachable ("
                            + u.reason()
                            + "): Rule 3 timer started");
        return s.withTimer(Optional.of(since), Optional.of(now));
    }

    private static WatchdogState stopped(WatchdogState s) {
        return s.routerAbsentSince().isPresent()
                ? s.withTimer(Optional.empty(), Optional.empty())
                : s;
    }
}
