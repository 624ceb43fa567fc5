package org.failoverwatchdog.drills.observe;

import java.util.Map;
import java.util.Optional;

/** What one data node looked like at one moment, as seen over SSH. */
public sealed interface NodeFacts permits NodeFacts.Reachable, NodeFacts.Unreachable {
    String node();

    enum DbRole {
        PRIMARY,
        STANDBY,
        DOWN
    }

    /**
     * containers: Compose service to "state/status" (e.g. "running/Up 3 minutes (healthy)").
     * registry: what this node's own router answers, when a router runs here. repmgrOk: whether
     * `repmgr cluster show` exited 0 (only measured on full checks). readOnly: SHOW
     * default_transaction_read_only in the application database ("on": the database is fenced, a
     * write the app sends is refused); "" when the database did not answer.
     */
    record Reachable(
            String node,
            String nodeIp,
            DbRole db,
            String walReceiver,
            String profile,
            String haRouterIp,
            boolean routerRunning,
            Map<String, String> containers,
            Optional<Registry> registry,
            Optional<Boolean> repmgrOk,
            String watchdogService,
            String readOnly)
            implements NodeFacts {
        public Reachable {
            containers = Map.copyOf(containers);
        }

        public boolean fenced() {
            return readOnly.equals("on");
        }
    }

    record Unreachable(String node, String reason) implements NodeFacts {}
}
