package org.failoverwatchdog.drills.observe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.remote.CommandResult;
import org.failoverwatchdog.drills.remote.Shell;

/**
 * Reads one node's facts with a single SSH command (one round trip per sample matters when sampling
 * every second): DB role, .env, which stack containers run, and the local router's registry.
 */
public final class NodeFactsReader {
    private final Inventory inv;

    public NodeFactsReader(Inventory inv) {
        this.inv = inv;
    }

    String script(boolean full) {
        Inventory.Stack st = inv.stack();
        return String.join("\n",
                "cd /tmp",
                "dir='" + st.dir() + "' proj='" + st.project() + "' rport=" + st.routerPort(),
                "r=$(timeout 4 runuser -u postgres -- psql -X -At -c 'SELECT pg_is_in_recovery()' 2>/dev/null)",
                "case $r in f) echo db=PRIMARY ;; t) echo db=STANDBY ;; *) echo db=DOWN ;; esac",
                // as the app sees it: a fence may be set for the database (ALTER DATABASE) as well as system-wide
                "[ -n \"$r\" ] && echo \"read_only=$(timeout 4 runuser -u postgres -- psql -X -At -d '" + inv.database().name()
                        + "' -c 'SHOW default_transaction_read_only' 2>/dev/null)\"",
                "[ \"$r\" = t ] && echo \"wal_receiver=$(timeout 4 runuser -u postgres -- psql -X -At -c 'SELECT status FROM pg_stat_wal_receiver' 2>/dev/null)\"",
                "env_of() { sed -n \"s/^$1=//p\" \"$dir/.env\" 2>/dev/null | tail -1; }",
                "echo \"profile=$(env_of COMPOSE_PROFILES)\"",
                "echo \"router_ip=$(env_of HA_ROUTER_IP)\"",
                "nip=$(env_of NODE_IP); echo \"node_ip=$nip\"",
                "echo \"containers=$(timeout 5 docker ps -a --filter label=com.docker.compose.project=$proj"
                        + " --format '{{.Label \"com.docker.compose.service\"}}={{.State}}/{{.Status}}' 2>/dev/null | tr '\\n' ';')\"",
                "if timeout 5 docker ps -q --filter label=com.docker.compose.project=$proj --filter label=com.docker.compose.service=router"
                        + " --filter status=running 2>/dev/null | grep -q .; then echo router=running;"
                        + " echo \"registry=$(curl -s --max-time 2 http://${nip:-127.0.0.1}:$rport/router/rest/status | tr -d '\\n')\";"
                        + " else echo router=none; fi",
                full ? "timeout 15 runuser -u postgres -- repmgr -f '" + inv.repmgr().config() + "' cluster show >/dev/null 2>&1; echo repmgr_rc=$?" : "",
                "echo \"watchdog=$(systemctl is-active " + inv.watchdog().service() + " 2>/dev/null)\"",
                "exit 0");
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
        if (!kv.containsKey("db")) return new NodeFacts.Unreachable(node.name(), "no answer from the facts script");
        Map<String, String> containers = new LinkedHashMap<>();
        for (String c : kv.getOrDefault("containers", "").split(";")) {
            int eq = c.indexOf('=');
            if (eq > 0) containers.put(c.substring(0, eq), c.substring(eq + 1));
        }
        Optional<Boolean> repmgr = kv.containsKey("repmgr_rc") ? Optional.of(kv.get("repmgr_rc").equals("0")) : Optional.empty();
        String nodeIp = kv.getOrDefault("node_ip", "");
        return new NodeFacts.Reachable(node.name(), nodeIp.isEmpty() ? node.address() : nodeIp,
                NodeFacts.DbRole.valueOf(kv.get("db")), kv.getOrDefault("wal_receiver", ""), kv.getOrDefault("profile", ""),
                kv.getOrDefault("router_ip", ""), "running".equals(kv.get("router")), containers,
                Registry.parse(kv.get("registry")), repmgr, kv.getOrDefault("watchdog", ""), kv.getOrDefault("read_only", ""));
    }
}
