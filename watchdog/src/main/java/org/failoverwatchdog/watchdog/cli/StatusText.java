package org.failoverwatchdog.watchdog.cli;

import java.util.List;
import java.util.Map;
import org.failoverwatchdog.probes.PairPauseTable;

/**
 * The one-screen rendering of a {@link StatusReport}: the monitoring plugin's line, then the
 * details.
 */
final class StatusText {
    private StatusText() {}

    @SuppressWarnings("unchecked")
    static String render(StatusReport r) {
        Map<String, Object> t = r.tree;
        StringBuilder sb = new StringBuilder(PluginLine.of(r)).append(System.lineSeparator());
        Map<String, Object> node = (Map<String, Object>) t.get("node");
        Map<String, Object> db = (Map<String, Object>) t.get("database");
        Map<String, Object> env = (Map<String, Object>) t.get("env");
        Map<String, Object> router = (Map<String, Object>) t.get("router");
        Map<String, Object> pooler = (Map<String, Object>) t.get("pooler");
        Map<String, Object> peer = (Map<String, Object>) t.get("peer");
        Map<String, Object> rule3 = (Map<String, Object>) t.get("rule3");
        line(sb, "node", node.get("name") + " (" + node.get("ip") + ")");
        line(
                sb,
                "database",
                "UNKNOWN".equals(db.get("role"))
                        ? "UNKNOWN: " + db.get("error")
                        : "DOWN".equals(db.get("role"))
                                ? "DOWN (refuses connections)"
                                : db.get("role")
                                        + "  timeline "
                                        + db.get("timeline")
                                        + "  lsn "
                                        + db.get("lsn")
                                        + (Boolean.TRUE.equals(db.get("readOnly"))
                                                ? "  READ-ONLY"
                                                : ""));
        line(
                sb,
                "profile",
                env.containsKey("error")
                        ? "UNKNOWN: " + env.get("error")
                        : env.get("profiles")
                                + "  HA_ROUTER_IP="
                                + env.get("haRouterIp")
                                + " ("
                                + env.get("routerIsOn")
                                + ")");
        line(
                sb,
                "router",
                "local container "
                        + router.get("local")
                        + "; active "
                        + routerLine((Map<String, Object>) router.get("active")));
        line(
                sb,
                "pooler",
                (Boolean.TRUE.equals(pooler.get("ok"))
                                ? "SELECT 1 OK "
                                : Boolean.FALSE.equals(pooler.get("ok")) ? "SELECT 1 FAILS " : "")
                        + "("
                        + pooler.get("detail")
                        + ")");
        Map<String, Map<String, String>> reg = (Map<String, Map<String, String>>) t.get("registry");
        if (reg.isEmpty()) {
            line(sb, "registry", "(not readable)");
        } else {
            String self = (String) node.get("ip");
            String peerIp = (String) peer.get("ip");
            line(
                    sb,
                    "registry",
                    String.format(
                            "%-12s %-22s %-22s", "type", self + " (self)", peerIp + " (peer)"));
            reg.forEach(
                    (type, byNode) ->
                            line(
                                    sb,
                                    "",
                                    String.format(
                                            "%-12s %-22s %-22s",
                                            type,
                                            byNode.getOrDefault(self, "-"),
                                            byNode.getOrDefault(peerIp, "-"))));
        }
        line(
                sb,
                "peer",
                peer.get("name")
                        + " ("
                        + peer.get("ip")
                        + ") node "
                        + answers(peer.get("answers"))
                        + "; router "
                        + routerLine((Map<String, Object>) peer.get("router"))
                        + "; database "
                        + peer.get("database"));
        line(sb, "witness", String.valueOf(t.get("witness")));
        Map<String, Object> fence = (Map<String, Object>) t.get("fence");
        line(
                sb,
                "fence",
                !Boolean.TRUE.equals(fence.get("enabled"))
                        ? "not enabled"
                        : fence.get("fencedSince") != null
                                ? "FENCED since " + fence.get("fencedSince")
                                : fence.get("silentSince") != null
                                        ? "peer and witness silent since "
                                                + fence.get("silentSince")
                                                + " (fence pending)"
                                        : "not fenced; peer "
                                                + fence.get("peerReach")
                                                + ", witness "
                                                + fence.get("witnessReach"));
        line(
                sb,
                "rule 3",
                rule3.get("timerSince") == null
                        ? "timer idle"
                                + (Boolean.TRUE.equals(rule3.get("promotedAheadOfDb"))
                                        ? " (app layer promoted ahead of the database)"
                                        : "")
                        : "router absent "
                                + rule3.get("absentMs")
                                + " ms of "
                                + rule3.get("thresholdMs")
                                + " ms (since "
                                + rule3.get("timerSince")
                                + ")");
        Map<String, Object> guard = (Map<String, Object>) t.get("guard");
        line(
                sb,
                "guard",
                !Boolean.TRUE.equals(guard.get("enabled"))
                        ? "not enabled (the timer's tick runs alone)"
                        : guard.get("beatAgeS") == null
                                ? "no beat recorded"
                                : "beat " + guard.get("beatAgeS") + " s ago");
        if (t.get("paused") instanceof Map<?, ?> p) {
            line(
                    sb,
                    "paused",
                    "this node (pause --node) since "
                            + p.get("since")
                            + ("".equals(p.get("by")) ? "" : " by " + p.get("by"))
                            + ": "
                            + p.get("reason")
                            + "; `failover-watchdog resume --node` ends it");
        }
        line(sb, "pair pause", pairPause((Map<String, Object>) t.get("pairPause")));
        if (t.get("withheld") instanceof Map<?, ?> w) {
            line(
                    sb,
                    "withheld",
                    w.get("kind")
                            + " ("
                            + w.get("rule")
                            + "): "
                            + w.get("reason")
                            + "; held by "
                            + String.join(", and ", (List<String>) w.get("heldBy")));
        }
        if (t.get("pending") != null)
            line(
                    sb,
                    "pending",
                    String.valueOf(((Map<String, Object>) t.get("pending")).get("kind"))
                            + " "
                            + ((Map<String, Object>) t.get("pending")).get("reason"));
        Object last = t.get("lastTransition");
        if (last instanceof Map<?, ?> m) {
            line(
                    sb,
                    "last",
                    m.get("time")
                            + " "
                            + m.get("kind")
                            + " ("
                            + m.get("rule")
                            + ") "
                            + (Boolean.TRUE.equals(m.get("succeeded")) ? "ok" : "FAILED")
                            + " in "
                            + m.get("totalMs")
                            + " ms: "
                            + m.get("reason"));
        } else {
            line(sb, "last", "no transition recorded");
        }
        Object next = t.get("next");
        line(
                sb,
                "next tick",
                next instanceof Map<?, ?> m
                        ? m.get("kind") + " (" + m.get("rule") + "): " + m.get("reason")
                        : "nothing to do");
        for (String n : (List<String>) t.get("notes")) line(sb, "note", n);
        line(sb, "verdict", r.verdict().name());
        for (StatusReport.Problem p : r.problems) line(sb, "", p.toString());
        return sb.toString();
    }

    private static String pairPause(Map<String, Object> m) {
        if (m.get("paused") == null) return "UNKNOWN: " + m.get("error") + "; only the fence acts";
        if (Boolean.FALSE.equals(m.get("table")))
            return "not paused (no "
                    + PairPauseTable.NAME
                    + " in this database: `failover-watchdog check` says how to make it)";
        if (Boolean.FALSE.equals(m.get("paused"))) return "not paused";
        return "paused by "
                + m.get("by")
                + " on "
                + m.get("on")
                + " since "
                + m.get("since")
                + ": "
                + m.get("reason")
                + "; `failover-watchdog resume` ends it";
    }

    private static String answers(Object a) {
        return a == null ? "UNKNOWN" : Boolean.TRUE.equals(a) ? "answers" : "does not answer";
    }

    private static String routerLine(Map<String, Object> m) {
        return m.get("state")
                + (m.containsKey("url") ? " " + m.get("url") : "")
                + (m.containsKey("entries") ? " (" + m.get("entries") + " entries)" : "")
                + (m.containsKey("reason") ? " (" + m.get("reason") + ")" : "");
    }

    private static void line(StringBuilder sb, String label, String text) {
        sb.append(String.format("%-10s %s%n", label, text));
    }
}
