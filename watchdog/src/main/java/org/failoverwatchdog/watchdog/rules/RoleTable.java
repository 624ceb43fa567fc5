package org.failoverwatchdog.watchdog.rules;

import java.util.Map;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.Observed;

/**
 * Rule 1 as the table it is: the database's role (as {@link DbView} reads it) x the app layer's
 * role x where HA_ROUTER_IP points x this node's router container -> what the app layer must do.
 * The rows are checked in this order; RoleTableTest lists them all.
 *
 * <pre>
 * DB       app        HA_ROUTER_IP  local router         verdict
 * PRIMARY  SECONDARY  any           any                  PROMOTE_PROFILE
 * PRIMARY  PRIMARY    not self      any                  PROMOTE_ROUTER_IP
 * PRIMARY  PRIMARY    self          none                 ENSURE_ROUTER
 * PRIMARY  PRIMARY    self          UNKNOWN              CONTAINERS_UNKNOWN (nothing, noted)
 * PRIMARY  PRIMARY    self          running, restarting  FOLLOWS
 * STANDBY  PRIMARY    any           any                  DEMOTE_PROFILE
 * STANDBY  SECONDARY  not the peer  any                  DEMOTE_ROUTER_IP
 * STANDBY  SECONDARY  the peer      running              DEMOTE_ROUTER_HERE (two live routers)
 * STANDBY  SECONDARY  the peer      otherwise            FOLLOWS
 * </pre>
 */
final class RoleTable {
    private RoleTable() {}

    /** Where HA_ROUTER_IP points; unset is ELSEWHERE. */
    enum RouterIp {
        SELF,
        PEER,
        ELSEWHERE
    }

    /** This node's router container, as Docker reports it. */
    enum LocalRouter {
        RUNNING,
        RESTARTING,
        NONE,
        UNKNOWN;

        static LocalRouter of(Observed<Map<String, ContainerState>> containers, String service) {
            if (!(containers instanceof Observed.Known<Map<String, ContainerState>> k))
                return UNKNOWN;
            ContainerState router = k.value().get(service);
            if (router == null) return NONE;
            if (router.running()) return RUNNING;
            // Docker is restarting it already: starting it too would only race its restart policy.
            return "restarting".equals(router.status()) ? RESTARTING : NONE;
        }
    }

    enum Action {
        PROMOTE,
        DEMOTE,
        ENSURE_ROUTER,
        NONE
    }

    enum Verdict {
        PROMOTE_PROFILE(Action.PROMOTE),
        PROMOTE_ROUTER_IP(Action.PROMOTE),
        ENSURE_ROUTER(Action.ENSURE_ROUTER),
        CONTAINERS_UNKNOWN(Action.NONE),
        DEMOTE_PROFILE(Action.DEMOTE),
        DEMOTE_ROUTER_IP(Action.DEMOTE),
        DEMOTE_ROUTER_HERE(Action.DEMOTE),
        FOLLOWS(Action.NONE);

        final Action action;

        Verdict(Action action) {
            this.action = action;
        }
    }

    static RouterIp routerIp(String haRouterIp, String self, String peer) {
        return haRouterIp.equals(self)
                ? RouterIp.SELF
                : haRouterIp.equals(peer) ? RouterIp.PEER : RouterIp.ELSEWHERE;
    }

    /**
     * @param db PRIMARY, or anything else read as a standby (DbView gives only PRIMARY or STANDBY)
     */
    static Verdict verdict(DbRole db, AppRole app, RouterIp ip, LocalRouter router) {
        if (db == DbRole.PRIMARY) {
            if (app == AppRole.SECONDARY) return Verdict.PROMOTE_PROFILE;
            if (ip != RouterIp.SELF) return Verdict.PROMOTE_ROUTER_IP;
            return switch (router) {
                case NONE -> Verdict.ENSURE_ROUTER;
                case UNKNOWN -> Verdict.CONTAINERS_UNKNOWN;
                case RUNNING, RESTARTING -> Verdict.FOLLOWS;
            };
        }
        if (app == AppRole.PRIMARY) return Verdict.DEMOTE_PROFILE;
        if (ip != RouterIp.PEER) return Verdict.DEMOTE_ROUTER_IP;
        return router == LocalRouter.RUNNING ? Verdict.DEMOTE_ROUTER_HERE : Verdict.FOLLOWS;
    }
}
