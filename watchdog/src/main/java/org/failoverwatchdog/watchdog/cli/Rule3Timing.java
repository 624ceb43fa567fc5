package org.failoverwatchdog.watchdog.cli;

import static org.failoverwatchdog.watchdog.cli.FenceTiming.ms;

import java.time.Duration;
import java.util.Optional;
import org.failoverwatchdog.convergence.GateCheck;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * `check`'s account of which acts first when the primary's node is lost: Rule 3 on this node (after
 * thresholds.router_absent of the active router unreachable) or repmgrd promoting this node's
 * database (at the earliest monitor_interval_secs + reconnect_attempts x reconnect_interval).
 * Either order is sound: Rule 3 first promotes the app layer ahead of the database, and its promote
 * plan waits on the pooler gate until repmgr promotes. A note, never a problem.
 *
 * @param repmgrAt repmgr's earliest promotion; empty when it does not fail over by itself
 * @param poolerWait how long the promote plan waits on the pooler gate; empty when it has none
 */
record Rule3Timing(
        Duration routerAbsent,
        RepmgrConf repmgr,
        Optional<Duration> repmgrAt,
        Optional<Duration> poolerWait) {

    enum First {
        RULE3,
        REPMGR,
        REPMGR_NEVER
    }

    static Rule3Timing of(WatchdogConfig c, RepmgrConf repmgr) {
        Optional<Duration> pooler =
                c.plans().promote().stream()
                        .filter(
                                s ->
                                        s instanceof Step.Gate g
                                                && g.check() instanceof GateCheck.PoolerAnswers)
                        .map(s -> PlanTiming.gateWait((Step.Gate) s))
                        .findFirst();
        return new Rule3Timing(
                c.thresholds().routerAbsent(), repmgr, repmgr.earliestPromotion(), pooler);
    }

    First first() {
        if (repmgrAt.isEmpty()) return First.REPMGR_NEVER;
        return routerAbsent.compareTo(repmgrAt.get()) < 0 ? First.RULE3 : First.REPMGR;
    }

    /** What the order means, for check's notes. */
    String note() {
        String gate =
                poolerWait
                        .map(w -> "waits on the pooler gate (up to " + ms(w) + ")")
                        .orElse(
                                "has no pooler gate, so it starts the app layer against a pooler that may not serve yet");
        return switch (first()) {
            case RULE3 ->
                    "Rule 3 comes before repmgr: router_absent "
                            + ms(routerAbsent)
                            + " < repmgr's earliest promotion "
                            + ms(repmgrAt.get())
                            + " ("
                            + repmgr.why()
                            + "). When the primary's node is lost, this node's app layer is promoted before its database,"
                            + " and the promote plan "
                            + gate
                            + " until repmgr promotes; by design"
                            + gateEndsEarly();
            case REPMGR ->
                    "repmgr comes before Rule 3: its earliest promotion "
                            + ms(repmgrAt.get())
                            + " ("
                            + repmgr.why()
                            + ") <= router_absent "
                            + ms(routerAbsent)
                            + ". When the primary's node is lost, the database is usually promoted first and Rule 1 promotes the app layer"
                            + " after it; Rule 3 acts only if repmgr has not";
            case REPMGR_NEVER ->
                    "repmgr does not fail over by itself (failover is not 'automatic'): when the primary's node is lost, Rule 3"
                            + " promotes this node's app layer after router_absent "
                            + ms(routerAbsent)
                            + ", and the promote plan "
                            + gate
                            + " for an operator to promote the database";
        };
    }

    /**
     * A pooler gate that can end before repmgr may promote: the promote misses it, and the next
     * tick resumes the plan.
     */
    private String gateEndsEarly() {
        if (poolerWait.isEmpty()) return "";
        Duration endsBy = routerAbsent.plus(poolerWait.get());
        if (endsBy.compareTo(repmgrAt.get()) >= 0) return "";
        return "; the gate can end "
                + ms(endsBy)
                + " after the loss, before repmgr's earliest promotion: the promote then fails at the gate"
                + " and the next tick resumes it (a longer remedy_deadline on the pooler gate avoids the retry)";
    }
}
