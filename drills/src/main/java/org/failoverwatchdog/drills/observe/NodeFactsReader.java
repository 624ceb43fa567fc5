package org.failoverwatchdog.drills.observe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.remote.CommandResult;
import org.failoverwatchdog.drills.remote.Shell;
import org.failoverwatchdog.drills.remote.ShellScript;

/**
 * Reads one node's facts with a single SSH command (one round trip per sample matters when sampling
 * every second): DB role, .env, which stack containers run, and the local router's registry.
 */
public final class NodeFactsReader {
    static final String SCRIPT = "node-facts";
    private final Inventory inv;

    public NodeFactsReader(Inventory inv) {
        this.inv = inv;
    }

    /** The facts script (drill-scripts/node-facts.sh) with this inventory's values. */
    String script(boolean full) {
        Inventory.Stack st = inv.stack();
        return ShellScript.with(
                SCRIPT,
                "STACK_DIR",
                st.dir(),
                "STACK_PROJECT",
                st.project(),
                "ROUTER_PORT",
                String.valueOf(st.routerPort()),
                "APP_DB",
                inv.database().name(),
                "REPMGR_CONFIG",
                inv.repmgr().config(),
                "WATCHDOG_SERVICE",
                inv.watchdog().service(),
                "FULL",
                full ? "1" : "0");
    }

    public NodeFacts read(Inventory.Node node, Shell shell, boolean full) {
        CommandResult r = shell.run(script(full), Duration.ofSeconds(full ? 30 : 15));
        if (!r.ok()) return new NodeFacts.Unreachable(node.name(), r.brief());
        return parse(node, r.stdout());
    }

    static NodeFacts parse(Inventory.Node node, String out) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) kv.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
        if (!kv.containsKey("db"))
            return new NodeFacts.Unreachable(node.name(), "no answer from the facts script");
        Map<String, String> containers = new LinkedHashMap<>();
        for (String c : kv.getOrDefault("containers", "").split(";")) {
            int eq = c.indexOf('=');
            if (eq > 0) containers.put(c.substring(0, eq), c.substring(eq + 1));
        }
        Optional<Boolean> repmgr =
                kv.containsKey("repmgr_rc")
                        ? Optional.of(kv.get("repmgr_rc").equals("0"))
                        : Optional.empty();
        String nodeIp = kv.getOrDefault("node_ip", "");
        return new NodeFacts.Reachable(
                node.name(),
                nodeIp.isEmpty() ? node.address() : nodeIp,
                NodeFacts.DbRole.valueOf(kv.get("db")),
                kv.getOrDefault("wal_receiver", ""),
                kv.getOrDefault("profile", ""),
                kv.getOrDefault("router_ip", ""),
                "running".equals(kv.get("router")),
                containers,
                Registry.parse(kv.get("registry")),
                repmgr,
                kv.getOrDefault("watchdog", ""),
                kv.getOrDefault("read_only", ""));
    }
}
