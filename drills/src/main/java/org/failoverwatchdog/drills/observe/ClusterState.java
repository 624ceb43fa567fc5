package org.failoverwatchdog.drills.observe;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One moment of the whole deployment: both nodes' facts and the LB's answer and view. */
public record ClusterState(
        Instant at, List<NodeFacts> nodes, HealthSample lb, Map<String, String> lbBackends) {
    public ClusterState {
        nodes = List.copyOf(nodes);
        lbBackends = Map.copyOf(lbBackends);
    }

    public List<NodeFacts.Reachable> reachable() {
        return nodes.stream()
                .filter(n -> n instanceof NodeFacts.Reachable)
                .map(n -> (NodeFacts.Reachable) n)
                .toList();
    }

    public List<NodeFacts.Reachable> primaries() {
        return reachable().stream().filter(n -> n.db() == NodeFacts.DbRole.PRIMARY).toList();
    }

    public List<NodeFacts.Reachable> routers() {
        return reachable().stream().filter(NodeFacts.Reachable::routerRunning).toList();
    }

    public Optional<NodeFacts.Reachable> soloPrimary() {
        List<NodeFacts.Reachable> p = primaries();
        return p.size() == 1 ? Optional.of(p.get(0)) : Optional.empty();
    }

    /**
     * Short line for the progress log: "node1 PRIMARY ha-primary router | node2 STANDBY ... | LB
     * 200".
     */
    public String summary() {
        StringBuilder b = new StringBuilder();
        for (NodeFacts n : nodes) {
            if (n instanceof NodeFacts.Reachable r) {
                b.append(r.node())
                        .append(' ')
                        .append(r.db())
                        .append(' ')
                        .append(r.profile())
                        .append(r.routerRunning() ? " router" : "")
                        .append(" | ");
            } else {
                b.append(n.node()).append(" unreachable | ");
            }
        }
        return b.append("LB ").append(lb.code()).toString();
    }
}
