package org.failoverwatchdog.watchdog.rules;

import java.time.Duration;
import java.util.Optional;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * Rule 3, datacenter failover: a secondary whose active router has been unreachable for
 * router_absent ({@link Rule3Timer}) while the peer is gone ({@link PeerGone}) promotes its app
 * layer without waiting for the database. Not within min_role_change_interval of the last role
 * change.
 */
final class DatacenterFailover implements Rule {

    /**
     * After a Rule 3 promotion the database lags: no demote while the peer's router is not readable
     * again.
     */
    static boolean holdsDemote(Observations o, WatchdogState s) {
        return s.rule3Promoted()
                && !(o.peerRouter().known().orElse(null) instanceof RouterView.Registry);
    }

    @Override
    public Optional<Decision> decide(Situation s) {
        WatchdogState state = s.state();
        if (s.app() == AppRole.PRIMARY || state.routerAbsentSince().isEmpty())
            return Optional.empty();
        if (OperatorMarks.switchoverUnderWay(state)) {
            // repmgr stops the peer's database on purpose; the database decides this promote.
            s.note("a switchover is under way: Rule 3 does not fire");
            return Optional.empty();
        }
        if (!(s.obs().activeRouter().known().orElse(null) instanceof RouterView.Unreachable))
            return Optional.empty();
        WatchdogConfig c = s.config();
        Duration threshold = c.thresholds().routerAbsent();
        Duration absent = Duration.between(state.routerAbsentSince().get(), s.at());
        if (Elapsed.lessThan(state.routerAbsentSince().get(), s.at(), threshold)) {
            s.note(
                    "active router absent "
                            + absent.toMillis()
                            + " ms of "
                            + threshold.toMillis()
                            + " ms (Rule 3 threshold)");
            return Optional.empty();
        }
        Optional<String> notGone = PeerGone.unless(s.obs());
        if (notGone.isPresent()) {
            s.note(
                    "active router absent "
                            + absent.toSeconds()
                            + " s, but "
                            + notGone.get()
                            + ": Rule 3 does not fire");
            return Optional.empty();
        }
        if (s.roleChangeTooRecent().isPresent()) {
            s.note("Rule 3 would promote but the last role change was too recent: waiting");
            return Optional.empty();
        }
        String reason =
                "active router "
                        + c.router().urlFor(c.peer().ip())
                        + " unreachable for "
                        + absent.toSeconds()
                        + " s, peer node "
                        + c.peer().name()
                        + " silent"
                        + (s.obs().witnessSeesPeer().isPresent() ? ", witness confirms" : "")
                        + "; database "
                        + s.db().map(d -> d.role().toString()).orElse("UNKNOWN");
        Plan plan = PlanBuilder.promote(c, s.profiles(), RuleName.RULE3, reason);
        return Optional.of(s.changeRole(plan, true));
    }
}
