package org.failoverwatchdog.watchdog.cli;

import java.util.Map;
import org.failoverwatchdog.probes.PairPauseTable;

/**
 * The one-screen rendering of a {@link StatusReport}: the monitoring plugin's line, then the
 * details.
 */
final class StatusText {
    private StatusText() {}

    static String render(StatusReport r) {
        StatusJson t = r.tree;
        StringBuilder sb = new StringBuilder(PluginLine.of(r)).append(System.lineSeparator());
        StatusJson.Node node = t.node();
        StatusJson.Database db = t.database();
        StatusJson.Env env = t.env();
        StatusJson.Peer peer = t.peer();
        StatusJson.Rule3 rule3 = t.rule3();
        line(sb, "node", node.name() + " (" + node.ip() + ")");
        line(
                sb,
                "database",
                "UNKNOWN".equals(db.role())
                        ? "UNKNOWN: " + db.error()
                        : "DOWN".equals(db.role())
                                ? "DOWN (refuses connections)"
                                : db.role()
                                        + "  timeline "
                                        + db.timeline()
                                        + "  lsn "
                                        + db.lsn()
                                        + (Boolean.TRUE.equals(db.readOnly())
                                                ? "  READ-ONLY"
                                                : ""));
        line(
                sb,
                "profile",
                env.error() != null
                        ? "UNKNOWN: " + env.error()
                        : env.profiles()
                                + "  HA_ROUTER_IP="
                                + env.haRouterIp()
                                + " ("
                                + env.routerIsOn()
                                + ")");
        line(
                sb,
                "router",
                "local container "
                        + t.router().local()
                        + "; active "
                        + routerLine(t.router().active()));
        line(
                sb,
                "pooler",
                (Boolean.TRUE.equals(t.pooler().ok())
                                ? "SELECT 1 OK "
                                : Boolean.FALSE.equals(t.pooler().ok()) ? "SELECT 1 FAILS " : "")
                        + "("
                        + t.pooler().detail()
                        + ")");
        Map<String, Map<String, String>> reg = t.registry();
        if (reg.isEmpty()) {
            line(sb, "registry", "(not readable)");
        } else {
            String self = node.ip();
            String peerIp = peer.ip();
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
                peer.name()
                        + " ("
                        + peer.ip()
                        + ") node "
                        + answers(peer.answers())
                        + "; router "
                        + routerLine(peer.router())
                        + "; database "
                        + peer.database());
        line(sb, "witness", t.witness());
        StatusJson.Fence fence = t.fence();
        line(
                sb,
                "fence",
                !fence.enabled()
                        ? "not enabled"
                        : fence.fencedSince() != null
                                ? "FENCED since " + fence.fencedSince()
                                : fence.silentSince() != null
                                        ? "peer and witness silent since "
                                                + fence.silentSince()
                                                + " ("
                                                + (fence.reason() == null
                                                        ? "fence pending"
                                                        : fence.reason())
                                                + ")"
                                        : "not fenced; peer "
                                                + fence.peerReach()
                                                + ", witness "
                                                + fence.witnessReach());
        line(
                sb,
                "rule 3",
                rule3.timerSince() == null
                        ? "timer idle"
                                + (rule3.promotedAheadOfDb()
                                        ? " (app layer promoted ahead of the database)"
                                        : "")
                        : "router absent "
                                + rule3.absentMs()
                                + " ms of "
                                + rule3.thresholdMs()
                                + " ms (since "
                                + rule3.timerSince()
                                + ")");
        StatusJson.Guard guard = t.guard();
        line(
                sb,
                "guard",
                !guard.enabled()
                        ? "not enabled (the timer's tick runs alone)"
                        : guard.beatAgeS() == null
                                ? "no beat recorded"
                                : "beat " + guard.beatAgeS() + " s ago");
        StatusJson.Paused paused = t.paused();
        if (paused != null) {
            line(
                    sb,
                    "paused",
                    "this node (pause --node) since "
                            + paused.since()
                            + (paused.by().isEmpty() ? "" : " by " + paused.by())
                            + ": "
                            + paused.reason()
                            + "; `failover-watchdog resume --node` ends it");
        }
        line(sb, "pair pause", pairPause(t.pairPause()));
        StatusJson.Withheld w = t.withheld();
        if (w != null) {
            line(
                    sb,
                    "withheld",
                    w.kind()
                            + " ("
                            + w.rule()
                            + "): "
                            + w.reason()
                            + "; held by "
                            + String.join(", and ", w.heldBy()));
        }
        if (t.pending() != null)
            line(sb, "pending", t.pending().kind() + " " + t.pending().reason());
        PairListingJson.Transition last = t.lastTransition();
        if (last != null) {
            line(
                    sb,
                    "last",
                    last.time()
                            + " "
                            + last.kind()
                            + " ("
                            + last.rule()
                            + ") "
                            + (last.succeeded() ? "ok" : "FAILED")
                            + " in "
                            + last.totalMs()
                            + " ms: "
                            + last.reason());
        } else {
            line(sb, "last", "no transition recorded");
        }
        line(
                sb,
                "next tick",
                t.next() instanceof StatusJson.NextPlan p
                        ? p.kind() + " (" + p.rule() + "): " + p.reason()
                        : "nothing to do");
        for (String n : t.notes()) line(sb, "note", n);
        line(sb, "verdict", r.verdict().name());
        for (StatusReport.Problem p : r.problems) line(sb, "", p.toString());
        return sb.toString();
    }

    private static String pairPause(StatusJson.PairPause pp) {
        if (!(pp instanceof PairListingJson.PauseJson m))
            return "UNKNOWN: "
                    + ((StatusJson.PairPauseUnknown) pp).error()
                    + "; only the fence acts";
        if (!m.table())
            return "not paused (no "
                    + PairPauseTable.NAME
                    + " in this database: `failover-watchdog check` says how to make it)";
        if (!m.paused()) return "not paused";
        return "paused by "
                + m.by()
                + " on "
                + m.on()
                + " since "
                + m.since()
                + ": "
                + m.reason()
                + "; `failover-watchdog resume` ends it";
    }

    private static String answers(Boolean a) {
        return a == null ? "UNKNOWN" : a ? "answers" : "does not answer";
    }

    private static String routerLine(StatusJson.RouterState m) {
        return m.state()
                + (m.url() != null ? " " + m.url() : "")
                + (m.entries() != null ? " (" + m.entries() + " entries)" : "")
                + (m.reason() != null ? " (" + m.reason() + ")" : "");
    }

    private static void line(StringBuilder sb, String label, String text) {
        sb.append(String.format("%-10s %s%n", label, text));
    }
}
