package org.failoverwatchdog.watchdog.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * What every rule of the chain decides from: the tick's observations, the state as the tick has
 * updated it (Rule 3 timer, registrations, an interrupted plan kept or dropped), the config, and
 * what follows from them. The .env has been read and names one HA profile, or the chain never runs.
 *
 * @param db the local database as the rules read it; empty when it cannot tell (see {@link DbView})
 * @param profiles the .env's COMPOSE_PROFILES as written (other profiles are kept by every plan)
 * @param routerIp the .env's HA_ROUTER_IP, "" when unset
 * @param notes what was seen and why nothing else was done, in the order it was found; the rules
 *     add to it
 */
record Situation(
        WatchdogConfig config,
        Observations obs,
        WatchdogState state,
        Optional<DbView> db,
        AppRole app,
        String profiles,
        String routerIp,
        List<String> notes) {

    Instant at() {
        return obs.at();
    }

    void note(String note) {
        notes.add(note);
    }

    /** A decision that ends the chain without a plan (waiting on purpose). */
    Decision hold() {
        return new Decision(Optional.empty(), state, notes);
    }

    Decision act(Plan plan) {
        return act(plan, state);
    }

    Decision act(Plan plan, WatchdogState next) {
        return new Decision(Optional.of(plan), next, notes);
    }

    /**
     * A promote or demote: it starts the min_role_change_interval, clears the Rule 3 timer and is
     * pending until it succeeds.
     */
    Decision changeRole(Plan plan, boolean byRule3) {
        return act(
                plan,
                state.withRoleChange(at(), byRule3)
                        .withPending(
                                Optional.of(
                                        new WatchdogState.Pending(
                                                plan.kind(), plan.rule(), plan.reason(), at()))));
    }

    /**
     * How long ago the last role change began, when that is less than min_role_change_interval
     * (anti-flapping).
     */
    Optional<Duration> roleChangeTooRecent() {
        return state.lastRoleChange()
                .filter(t -> Elapsed.lessThan(t, at(), config.thresholds().minRoleChangeInterval()))
                .map(t -> Duration.between(t, at()));
    }
}
