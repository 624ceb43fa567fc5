package org.failoverwatchdog.watchdog.rules;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * Rule 1, role follows DB ({@link RoleTable}): the app layer is promoted or demoted to match the
 * database, unless the last role change is too recent (min_role_change_interval) or, for a demote,
 * Rule 3 promoted this node and the peer's router is not back. A primary that follows its database
 * but has no router container up gets its router started (ENSURE_ROUTER).
 */
final class RoleFollowsDb implements Rule {

    @Override
    public Optional<Decision> decide(Situation s) {
        if (s.db().isEmpty()) return Optional.empty();
        DbView db = s.db().get();
        WatchdogConfig c = s.config();
        RoleTable.Verdict v =
                RoleTable.verdict(
                        db.role(),
                        s.app(),
                        RoleTable.routerIp(s.routerIp(), c.node().ip(), c.peer().ip()),
                        RoleTable.LocalRouter.of(s.obs().containers(), c.router().service()));
        switch (v.action) {
            case NONE:
                if (v == RoleTable.Verdict.CONTAINERS_UNKNOWN)
                    s.note("containers UNKNOWN: " + s.obs().containers().describe());
                return Optional.empty();
            case ENSURE_ROUTER:
                return Optional.of(s.act(ensureRouter(s)));
            default:
                return changeRole(s, v.action == RoleTable.Action.PROMOTE, reason(v, db, s));
        }
    }

    private static Optional<Decision> changeRole(Situation s, boolean promote, String reason) {
        if (!promote && DatacenterFailover.holdsDemote(s.obs(), s.state())) {
            s.note(
                    "Rule 1 would demote ("
                            + reason
                            + ") but Rule 3 promoted this app layer and the peer's router is not back: holding");
            return Optional.empty();
        }
        Optional<Duration> recent = s.roleChangeTooRecent();
        if (recent.isPresent()) {
            s.note(
                    "Rule 1 would "
                            + (promote ? "promote" : "demote")
                            + " ("
                            + reason
                            + ") but the last role change was "
                            + recent.get().toSeconds()
                            + " s ago (min_role_change_interval "
                            + s.config().thresholds().minRoleChangeInterval().toSeconds()
                            + " s): waiting");
            return Optional.empty();
        }
        Plan plan =
                promote
                        ? PlanBuilder.promote(s.config(), s.profiles(), RuleName.RULE1, reason)
                        : PlanBuilder.demote(s.config(), s.profiles(), RuleName.RULE1, reason);
        return Optional.of(s.changeRole(plan, false));
    }

    private static String reason(RoleTable.Verdict v, DbView db, Situation s) {
        WatchdogConfig c = s.config();
        String local = "local PostgreSQL " + db.says();
        String routerIp = s.routerIp().isEmpty() ? "(unset)" : s.routerIp();
        return switch (v) {
            case PROMOTE_PROFILE ->
                    local + " but COMPOSE_PROFILES is " + c.compose().secondaryProfile();
            case PROMOTE_ROUTER_IP -> local + " but HA_ROUTER_IP=" + routerIp + ", not this node";
            case DEMOTE_PROFILE ->
                    local + " but COMPOSE_PROFILES is " + c.compose().primaryProfile();
            case DEMOTE_ROUTER_IP ->
                    local + " but HA_ROUTER_IP=" + routerIp + ", not the peer " + c.peer().ip();
            case DEMOTE_ROUTER_HERE -> "a router runs here but " + local + " (two live routers)";
            default -> throw new IllegalArgumentException("no role change: " + v);
        };
    }

    /**
     * A primary with a consistent .env but no router container up (not one Docker is restarting):
     * start it.
     */
    private static Plan ensureRouter(Situation s) {
        Map<String, ContainerState> containers = s.obs().containers().known().orElseThrow();
        ContainerState router = containers.get(s.config().router().service());
        String reason =
                "this node is primary but its router "
                        + (router == null ? "has no container" : "is " + router.status());
        return PlanBuilder.ensureRouter(s.config(), reason);
    }
}
