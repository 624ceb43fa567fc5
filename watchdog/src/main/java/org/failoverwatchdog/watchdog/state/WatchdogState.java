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
 * @param isolation            a primary that hears neither the peer nor the witness: since when, last seen
 * @param fenced               this node fenced itself (database read-only, app layer removed); cleared by unfence or rejoin
 */
public record WatchdogState(
        Optional<Instant> routerAbsentSince,
        Optional<Instant> routerAbsentLastSeen,
        Optional<Instant> lastRoleChange,
        boolean rule3Promoted,
        Optional<Pending> pending,
        Map<String, Instant> lastRepair,
        Optional<Pause> paused,
        Optional<Isolation> isolation,
        Optional<Fence> fenced) {

    public WatchdogState {
        lastRepair = Map.copyOf(lastRepair);
    }

    public record Pending(String kind, String rule, String reason, Instant startedAt) {}

    public record Pause(Instant since, String reason) {}

    public record Isolation(Instant since, Instant lastSeen) {}

    public record Fence(Instant since, String reason) {}

    public static WatchdogState initial() {
        return new WatchdogState(Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public WatchdogState withTimer(Optional<Instant> since, Optional<Instant> lastSeen) {
        return new WatchdogState(since, lastSeen, lastRoleChange, rule3Promoted, pending, lastRepair, paused, isolation, fenced);
    }

    public WatchdogState withRoleChange(Instant at, boolean byRule3) {
        return new WatchdogState(Optional.empty(), Optional.empty(), Optional.of(at), byRule3, pending, lastRepair, paused, isolation, fenced);
    }

    public WatchdogState withPending(Optional<Pending> p) {
        return new WatchdogState(routerAbsentSince, routerAbsentLastSeen, lastRoleChange, rule3Promoted, p, lastRepair, paused, isolation, fenced);
    }

    public WatchdogState withRule3Promoted(boolean v) {
        return new WatchdogState(routerAbsentSince, routerAbsentLastSeen, lastRoleChange, v, pending, lastRepair, paused, isolation, fenced);
    }

    public WatchdogState withRepairs(Map<String, Instant> repairs) {
        return new WatchdogState(routerAbsentSince, routerAbsentLastSeen, lastRoleChange, rule3Promoted, pending, repairs, paused, isolation, fenced);
    }

    public WatchdogState withPaused(Optional<Pause> p) {
        return new WatchdogState(routerAbsentSince, routerAbsentLastSeen, lastRoleChange, rule3Promoted, pending, lastRepair, p, isolation, fenced);
    }

    public WatchdogState withIsolation(Optional<Isolation> i) {
        return new WatchdogState(routerAbsentSince, routerAbsentLastSeen, lastRoleChange, rule3Promoted, pending, lastRepair, paused, i, fenced);
    }

    public WatchdogState withFenced(Optional<Fence> f) {
        return new WatchdogState(routerAbsentSince, routerAbsentLastSeen, lastRoleChange, rule3Promoted, pending, lastRepair, paused, isolation, f);
    }
}
