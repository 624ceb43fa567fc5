package org.failoverwatchdog.drills.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LooksTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:00:00Z");

    static NodeFacts.Reachable node(
            String name, NodeFacts.DbRole db, boolean router, String readOnly) {
        return new NodeFacts.Reachable(
                name,
                name,
                db,
                "",
                "",
                "",
                router,
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                "",
                readOnly);
    }

    static ClusterState look(long s, Map<String, String> lb, NodeFacts... nodes) {
        return new ClusterState(
                T0.plusSeconds(s),
                List.of(nodes),
                new HealthSample(T0.plusSeconds(s), 200, 5, ""),
                lb);
    }

    static final Map<String, String> BOTH = Map.of("node1", "UP", "node2", "UP 1/3");
    static final Map<String, String> ONE = Map.of("node1", "DOWN", "node2", "UP");

    // node1 isolated at T0: node2 promoted with a router at +15 s, node1 fenced at +20 s, the LB
    // takes it out at +25 s
    static final List<ClusterState> LOOKS =
            List.of(
                    look(
                            0,
                            BOTH,
                            node("node1", NodeFacts.DbRole.PRIMARY, true, "off"),
                            node("node2", NodeFacts.DbRole.STANDBY, false, "off")),
                    look(
                            15,
                            BOTH,
                            node("node1", NodeFacts.DbRole.PRIMARY, true, "off"),
                            node("node2", NodeFacts.DbRole.PRIMARY, true, "off")),
                    look(
                            20,
                            BOTH,
                            node("node1", NodeFacts.DbRole.PRIMARY, true, "on"),
                            node("node2", NodeFacts.DbRole.PRIMARY, true, "off")),
                    look(
                            25,
                            ONE,
                            node("node1", NodeFacts.DbRole.PRIMARY, false, "on"),
                            new NodeFacts.Unreachable("node2", "ssh: timeout")),
                    look(
                            30,
                            ONE,
                            node("node1", NodeFacts.DbRole.STANDBY, false, ""),
                            node("node2", NodeFacts.DbRole.PRIMARY, true, "off")));

    @Test
    void secondsACondtionHeldOverTheLooks() {
        assertEquals(
                10.0, Looks.seconds(LOOKS, s -> s.routers().size() > 1, T0, T0.plusSeconds(60)));
        assertEquals(
                25.0,
                Looks.seconds(
                        LOOKS,
                        s -> LbStats.inRotation(s.lbBackends()) >= 2,
                        T0,
                        T0.plusSeconds(60)),
                "UP 1/3 is still in rotation");
        assertEquals(
                10.0,
                Looks.seconds(
                        LOOKS,
                        Looks.node("node1", NodeFacts.Reachable::fenced),
                        T0,
                        T0.plusSeconds(60)));
    }

    @Test
    void theFirstLookOfTheFence() {
        assertEquals(
                Optional.of(T0.plusSeconds(20)),
                Looks.first(LOOKS, Looks.node("node1", NodeFacts.Reachable::fenced), T0));
        assertEquals(
                Optional.empty(),
                Looks.first(LOOKS, Looks.node("node2", NodeFacts.Reachable::fenced), T0));
        assertEquals(
                Optional.empty(),
                Looks.first(
                        LOOKS,
                        Looks.node("node1", NodeFacts.Reachable::fenced),
                        T0.plusSeconds(26)));
    }
}
