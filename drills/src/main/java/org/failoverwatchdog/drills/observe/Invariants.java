package org.failoverwatchdog.drills.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state invariants, as pure functions of one {@link ClusterState}, each failure worded as a
 * reason. Three levels, each including the one before: SERVING is what must hold while a node is
 * away (the survivor alone carries the app); APP is the converged app layer of both nodes (one
 * router, profiles following the database roles, every service type of both nodes ACTIVE, LB 200),
 * which is what "time to converge" measures; FULL adds the health of everything under it (every
 * container healthy, the standby streaming, repmgr's cluster view, the LB seeing both nodes) and is
 * the state every drill starts from and must end in.
 */
public final class Invariants {
    public enum Level {
        SERVING,
        APP,
        FULL
    }

    private Invariants() {}

    public static List<String> problems(ClusterState s, List<String> types, Level level) {
        List<String> p = new ArrayList<>();
        if (!s.lb().ok()) p.add("LB health " + (s.lb().code() == 0 ? "no answer" : s.lb().code()));
        List<NodeFacts.Reachable> primaries = s.primaries();
        if (primaries.size() != 1)
            p.add(primaries.size() + " primary databases" + names(primaries));
        List<NodeFacts.Reachable> routers = s.routers();
        if (routers.size() != 1) p.add(routers.size() + " routers running" + names(routers));
        if (level != Level.SERVING) {
            for (NodeFacts n : s.nodes()) {
                if (n instanceof NodeFacts.Unreachable u)
                    p.add(u.node() + " unreachable: " + u.reason());
                else if (((NodeFacts.Reachable) n).db() == NodeFacts.DbRole.DOWN)
                    p.add(n.node() + " database down");
            }
        }
        if (primaries.size() != 1) return p;
        NodeFacts.Reachable primary = primaries.get(0);
        String pip = primary.nodeIp();
        if (!primary.profile().equals("ha-primary"))
            p.add(primary.node() + " DB primary but profile " + blank(primary.profile()));
        if (!primary.haRouterIp().equals(pip))
            p.add(primary.node() + " HA_ROUTER_IP " + blank(primary.haRouterIp()) + ", not itself");
        if (!primary.routerRunning()) p.add("no router on the primary " + primary.node());
        if (primary.registry().isEmpty()) {
            p.add("the primary's router does not answer its registry");
        } else {
            for (String t : types) {
                if (!primary.registry().get().active(t, pip))
                    p.add(t + " of " + primary.node() + " not ACTIVE in the registry");
            }
        }
        for (NodeFacts.Reachable n : s.reachable()) {
            if (n == primary || n.db() != NodeFacts.DbRole.STANDBY) continue;
            if (!n.profile().equals("ha-secondary"))
                p.add(n.node() + " DB standby but profile " + blank(n.profile()));
            if (n.routerRunning()) p.add(n.node() + " (standby) runs a router");
            if (level != Level.SERVING) {
                if (!n.haRouterIp().equals(pip))
                    p.add(
                            n.node()
                                    + " HA_ROUTER_IP "
                                    + blank(n.haRouterIp())
                                    + ", not the primary's "
                                    + pip);
                if (level == Level.FULL && !n.walReceiver().equals("streaming")) {
                    p.add(n.node() + " standby not streaming (" + blank(n.walReceiver()) + ")");
                }
                primary.registry()
                        .ifPresent(
                                reg -> {
                                    for (String t : types) {
                                        if (!reg.active(t, n.nodeIp()))
                                            p.add(
                                                    t
                                                            + " of "
                                                            + n.node()
                                                            + " not ACTIVE in the registry");
                                    }
                                });
            }
        }
        if (level == Level.FULL) {
            for (NodeFacts.Reachable n : s.reachable()) {
                for (Map.Entry<String, String> c : n.containers().entrySet()) {
                    String v = c.getValue();
                    // A stopped router on the standby is what a demote may leave behind; not a
                    // fault.
                    if (c.getKey().equals("router") && n != primary) continue;
                    // "health: starting" counts as not yet healthy: a just-restarted container has
                    // not
                    // proven itself, and the first look after a crash must not pass on it.
                    if (!v.startsWith("running/")
                            || v.contains("unhealthy")
                            || v.contains("health: starting")) {
                        p.add(n.node() + " " + c.getKey() + " " + v);
                    }
                }
                n.repmgrOk()
                        .filter(ok -> !ok)
                        .ifPresent(
                                ok -> p.add(n.node() + ": repmgr cluster show reports a problem"));
            }
            for (Map.Entry<String, String> b : s.lbBackends().entrySet()) {
                if (!b.getValue().startsWith("UP"))
                    p.add("LB sees " + b.getKey() + " " + b.getValue());
            }
        }
        return p;
    }

    private static String names(List<NodeFacts.Reachable> ns) {
        return ns.isEmpty()
                ? ""
                : " ("
                        + String.join(", ", ns.stream().map(NodeFacts.Reachable::node).toList())
                        + ")";
    }

    private static String blank(String s) {
        return s.isEmpty() ? "(empty)" : s;
    }
}
