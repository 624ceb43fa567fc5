package org.failoverwatchdog.watchdog.state;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What must survive between ticks (each tick is a new process).
 *
 * @param routerAbsentSince    Rule 3 timer: when the active router was first seen unreachable
 * @param routerAbsentLastSeen the last tick that saw it unreachable (a long gap restarts the timer)
 * @param lastRoleChange       when the last promote/demote began (anti-flapping)
 * @param rule3Promoted        the app layer was promoted by Rule 3, ahead of the database
 * @param pending              a promote/demote that began and has not finished: the next tick resumes it
 * @param lastRepair           service -> when Rule 2 last restarted it (crash-loop backoff)
 * @param paused               maintenance: no action while present
 */
public record WatchdogState(
        Optional<Instant> routerAbsentSince,
        Optional<Instant> routerAbsentLastSeen,
        Optional<Instant> lastRoleChange,
        boolean rule3Promoted,
        Optional<Pending> pending,
        Map<String, Instant> lastRepair,
        Optional<Pause> paused) {

    public WatchdogState {
        lastRepair = Map.copyOf(lastRepair);
    }

    public record Pending(String kind, String rule, String reason, Instant startedAt) {}

    public record Pause(Instant since, String reason) {}

    public static WatchdogState initial() {
        return new WatchdogState(Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), Map.of(), Optional.empty());
    }

    public WatchdogState withTimer(Optional<Instant> since, Optional<Instant> lastSeen) {
        return new WatchdogState(since, lastSeen, lastRoleChange, rule3Promoted, pending, lastRepair, paused);
    }

    public WatchdogState withRoleChange(Instant at, boolean byRule3) {
        return new WatchdogState(Optional.empty(), Optional.empty(), Optional.of(at), byRule3, pending, lastRepair, paused);
    }

    public WatchdogState withPending(Optional<Pending> p) {
        return new WatchdogState(routerAbsentSince, routerAbsentLastSeen, lastRoleChange, rule3Promoted, p, lastRepair, paused);
    }

    public WatchdogState withRule3Promoted(boolean v) {
        return new WatchdogState(routerAbsentSince, routerAbsentLastSeen, lastRoleChange, v, pending, lastRepair, paused);
    }

    public WatchdogState withRepairs(Map<String, Instant> repairs) {
        return new WatchdogState(routerAbsentSince, routerAbsentLastSeen, lastRoleChange, rule3Promoted, pending, repairs, paused);
    }

    public WatchdogState withPaused(Optional<Pause> p) {
        return new WatchdogState(routerAbsentSince, routerAbsentLastSeen, lastRoleChange, rule3Promoted, pending, lastRepair, p);
    }
}
