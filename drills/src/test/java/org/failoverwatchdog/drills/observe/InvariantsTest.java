package org.failoverwatchdog.drills.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvariantsTest {
    static final List<String> TYPES = List.of("GATEWAY", "EDGE");
    static final String IP1 = "10.0.0.11", IP2 = "10.0.0.12";
    static final Map<String, String> RUNNING =
            Map.of(
                    "edge",
                    "running/Up 5 minutes (healthy)",
                    "gateway",
                    "running/Up 5 minutes (healthy)");

    static Registry registry(String... typeAtIp) {
        List<Registry.Entry> es = new ArrayList<>();
        for (String s : typeAtIp) {
            String[] p = s.split("@");
            es.add(new Registry.Entry(p[0], p[1], "MASTER", "ACTIVE"));
        }
        return new Registry(IP1, es);
    }

    static NodeFacts.Reachable primary(Optional<Registry> reg) {
        return new NodeFacts.Reachable(
                "node1",
                IP1,
                NodeFacts.DbRole.PRIMARY,
                "",
                "ha-primary",
                IP1,
                true,
                RUNNING,
                reg,
                Optional.of(true),
                "inactive",
                "off");
    }

    static NodeFacts.Reachable standby(String profile, boolean router) {
        return new NodeFacts.Reachable(
                "node2",
                IP2,
                NodeFacts.DbRole.STANDBY,
                "streaming",
                profile,
                IP1,
                router,
                RUNNING,
                Optional.empty(),
                Optional.of(true),
                "inactive",
                "off");
    }

    static ClusterState state(int code, NodeFacts... nodes) {
        return new ClusterState(
                Instant.now(),
                List.of(nodes),
                new HealthSample(Instant.now(), code, 5, ""),
                Map.of("node1", "UP", "node2", "UP"));
    }

    static final Optional<Registry> FULL_REG =
            Optional.of(registry("GATEWAY@" + IP1, "EDGE@" + IP1, "GATEWAY@" + IP2, "EDGE@" + IP2));

    @Test
    void theHealthyStateHasNoProblems() {
        assertEquals(
                List.of(),
                Invariants.problems(
                        state(200, primary(FULL_REG), standby("ha-secondary", false)),
                        TYPES,
                        Invariants.Level.FULL));
    }

    @Test
    void twoRoutersAreAProblem() {
        List<String> p =
                Invariants.problems(
                        state(200, primary(FULL_REG), standby("ha-secondary", true)),
                        TYPES,
                        Invariants.Level.SERVING);
        assertTrue(p.contains("2 routers running (node1, node2)"), p.toString());
    }

    @Test
    void aStandbyWithThePrimaryProfileIsAProblem() {
        List<String> p =
                Invariants.problems(
                        state(200, primary(FULL_REG), standby("ha-primary", false)),
                        TYPES,
                        Invariants.Level.SERVING);
        assertTrue(p.contains("node2 DB standby but profile ha-primary"), p.toString());
    }

    @Test
    void servingNeedsOnlyThePrimarysServicesButFullNeedsBoth() {
        Optional<Registry> onlyPrimary = Optional.of(registry("GATEWAY@" + IP1, "EDGE@" + IP1));
        ClusterState s =
                state(200, primary(onlyPrimary), new NodeFacts.Unreachable("node2", "powered off"));
        assertEquals(List.of(), Invariants.problems(s, TYPES, Invariants.Level.SERVING));
        List<String> full = Invariants.problems(s, TYPES, Invariants.Level.FULL);
        assertTrue(full.contains("node2 unreachable: powered off"), full.toString());
    }

    @Test
    void aMissingTypeAndABadLbAreNamed() {
        Optional<Registry> noEdge = Optional.of(registry("GATEWAY@" + IP1));
        List<String> p =
                Invariants.problems(
                        state(503, primary(noEdge), standby("ha-secondary", false)),
                        TYPES,
                        Invariants.Level.SERVING);
        assertTrue(p.contains("LB health 503"), p.toString());
        assertTrue(p.contains("EDGE of node1 not ACTIVE in the registry"), p.toString());
    }

    @Test
    void noPrimaryIsAProblem() {
        NodeFacts.Reachable down =
                new NodeFacts.Reachable(
                        "node1",
                        IP1,
                        NodeFacts.DbRole.DOWN,
                        "",
                        "ha-primary",
                        IP1,
                        true,
                        RUNNING,
                        FULL_REG,
                        Optional.empty(),
                        "",
                        "");
        List<String> p =
                Invariants.problems(
                        state(200, down, standby("ha-secondary", false)),
                        TYPES,
                        Invariants.Level.SERVING);
        assertTrue(p.contains("0 primary databases"), p.toString());
    }

    @Test
    void aRestartingContainerIsNotHealthyYet() {
        NodeFacts.Reachable s2 =
                new NodeFacts.Reachable(
                        "node2",
                        IP2,
                        NodeFacts.DbRole.STANDBY,
                        "streaming",
                        "ha-secondary",
                        IP1,
                        false,
                        Map.of("edge", "running/Up 1 second (health: starting)"),
                        Optional.empty(),
                        Optional.of(true),
                        "",
                        "off");
        List<String> p =
                Invariants.problems(
                        state(200, primary(FULL_REG), s2), TYPES, Invariants.Level.FULL);
        assertEquals(List.of("node2 edge running/Up 1 second (health: starting)"), p);
    }

    @Test
    void appLevelIsTheConvergedAppLayerWithoutTheHealthOfEverythingUnder() {
        Optional<Registry> onlyPrimary = Optional.of(registry("GATEWAY@" + IP1, "EDGE@" + IP1));
        ClusterState missingStandby =
                state(200, primary(onlyPrimary), standby("ha-secondary", false));
        assertEquals(
                List.of(), Invariants.problems(missingStandby, TYPES, Invariants.Level.SERVING));
        assertEquals(
                List.of(
                        "GATEWAY of node2 not ACTIVE in the registry",
                        "EDGE of node2 not ACTIVE in the registry"),
                Invariants.problems(missingStandby, TYPES, Invariants.Level.APP));
        NodeFacts.Reachable sick =
                new NodeFacts.Reachable(
                        "node2",
                        IP2,
                        NodeFacts.DbRole.STANDBY,
                        "catchup",
                        "ha-secondary",
                        IP1,
                        false,
                        Map.of("dataservice", "running/Up 2 minutes (unhealthy)"),
                        Optional.empty(),
                        Optional.of(false),
                        "",
                        "off");
        ClusterState s = state(200, primary(FULL_REG), sick);
        assertEquals(List.of(), Invariants.problems(s, TYPES, Invariants.Level.APP));
        assertEquals(
                3,
                Invariants.problems(s, TYPES, Invariants.Level.FULL)
                        .size()); // not streaming, unhealthy, repmgr
    }
}
