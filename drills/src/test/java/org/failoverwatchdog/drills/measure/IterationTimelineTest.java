package org.failoverwatchdog.drills.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.drills.measure.IterationTimeline.Lane;
import org.failoverwatchdog.drills.measure.IterationTimeline.State;
import org.failoverwatchdog.drills.measure.IterationTimeline.StateRun;
import org.failoverwatchdog.drills.observe.ClusterState;
import org.failoverwatchdog.drills.observe.HealthSample;
import org.failoverwatchdog.drills.observe.NodeFacts;
import org.junit.jupiter.api.Test;

class IterationTimelineTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:00:00Z");

    static Instant at(double s) {
        return T0.plusMillis(Math.round(s * 1000));
    }

    static NodeFacts.Reachable node(
            String name, NodeFacts.DbRole db, String profile, boolean router, String readOnly) {
        return new NodeFacts.Reachable(
                name,
                name,
                db,
                "",
                profile,
                "",
                router,
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                "",
                readOnly);
    }

    static ClusterState look(double s, NodeFacts... nodes) {
        return new ClusterState(
                at(s), List.of(nodes), new HealthSample(at(s), 200, 5, ""), Map.of());
    }

    @Test
    void countsPerSecondFromTheOriginIncludingSecondsBeforeIt() {
        IterationTimeline.PerSecond p =
                IterationTimeline.PerSecond.of(
                        T0,
                        List.of(at(-1.5), at(-0.2), at(0.0), at(0.9), at(3.1)),
                        List.of(at(1.2), at(1.7)));
        assertEquals(-2, p.firstSecond());
        // seconds -2 .. 3
        assertEquals(List.of(1, 1, 2, 0, 0, 1), p.ok());
        assertEquals(List.of(0, 0, 0, 2, 0, 0), p.failed());
        assertEquals(
                new IterationTimeline.PerSecond(0, List.of(), List.of()),
                IterationTimeline.PerSecond.of(T0, List.of(), List.of()));
    }

    @Test
    void dbRolesBecomeRunsCutToTheMeasuredRange() {
        List<RoleSample> roles =
                List.of(
                        new RoleSample("node1", at(-3), "PRIMARY"),
                        new RoleSample("node1", at(-0.5), "PRIMARY"),
                        new RoleSample("node1", at(0.5), "DOWN"),
                        new RoleSample("node1", at(1.0), "DOWN"),
                        // a 9 s silence: the DOWN answer stands 5 s, then nothing is drawn
                        new RoleSample("node1", at(10.0), "STANDBY"),
                        new RoleSample("node2", at(-1), "STANDBY"),
                        new RoleSample("node2", at(4.0), "PRIMARY"));
        IterationTimeline t =
                IterationTimeline.of(
                        T0, at(-1), at(12), List.of(), List.of(), List.of(), roles, List.of(),
                        List.of());
        assertEquals(
                List.of(
                        new StateRun("node1", Lane.DB, State.PRIMARY, -1.0, 0.5),
                        new StateRun("node1", Lane.DB, State.DOWN, 0.5, 6.0),
                        new StateRun("node1", Lane.DB, State.STANDBY, 10.0, 12.0),
                        new StateRun("node2", Lane.DB, State.STANDBY, -1.0, 4.0),
                        new StateRun("node2", Lane.DB, State.PRIMARY, 4.0, 9.0)),
                t.states());
    }

    @Test
    void looksGiveAppRouterAndFenceLanesAndUnknownForANodeThatDidNotAnswer() {
        List<ClusterState> looks =
                List.of(
                        look(
                                0,
                                node("node1", NodeFacts.DbRole.PRIMARY, "ha-primary", true, "off"),
                                node("node2", NodeFacts.DbRole.STANDBY, "ha-secondary", false, "")),
                        look(
                                1,
                                new NodeFacts.Unreachable("node1", "timeout"),
                                node("node2", NodeFacts.DbRole.PRIMARY, "ha-primary", true, "on")),
                        look(
                                2,
                                new NodeFacts.Unreachable("node1", "timeout"),
                                node(
                                        "node2",
                                        NodeFacts.DbRole.PRIMARY,
                                        "ha-primary",
                                        true,
                                        "off")));
        IterationTimeline t =
                IterationTimeline.of(
                        T0, T0, at(3), List.of(), List.of(), List.of(), List.of(), looks,
                        List.of());
        assertEquals(
                List.of(
                        new StateRun("node1", Lane.APP, State.ACTIVE, 0.0, 1.0),
                        new StateRun("node1", Lane.APP, State.UNKNOWN, 1.0, 3.0),
                        new StateRun("node1", Lane.ROUTER, State.ROUTER_UP, 0.0, 1.0),
                        new StateRun("node1", Lane.ROUTER, State.UNKNOWN, 1.0, 3.0),
                        new StateRun("node1", Lane.FENCE, State.NOT_FENCED, 0.0, 1.0),
                        new StateRun("node1", Lane.FENCE, State.UNKNOWN, 1.0, 3.0),
                        new StateRun("node2", Lane.APP, State.PASSIVE, 0.0, 1.0),
                        new StateRun("node2", Lane.APP, State.ACTIVE, 1.0, 3.0),
                        new StateRun("node2", Lane.ROUTER, State.NO_ROUTER, 0.0, 1.0),
                        new StateRun("node2", Lane.ROUTER, State.ROUTER_UP, 1.0, 3.0),
                        new StateRun("node2", Lane.FENCE, State.UNKNOWN, 0.0, 1.0),
                        new StateRun("node2", Lane.FENCE, State.FENCED, 1.0, 2.0),
                        new StateRun("node2", Lane.FENCE, State.NOT_FENCED, 2.0, 3.0)),
                t.states());
    }

    @Test
    void lbAndWriterCountsAndEventsInOrder() {
        IterationTimeline.Event restore =
                new IterationTimeline.Event(
                        at(20), IterationTimeline.EventKind.RESTORE, "power on node1");
        IterationTimeline.Event fault =
                new IterationTimeline.Event(
                        T0, IterationTimeline.EventKind.FAULT, "power-off of node1");
        IterationTimeline t =
                IterationTimeline.of(
                        T0,
                        at(-2),
                        at(30),
                        List.of(
                                new HealthSample(at(-1), 200, 3, ""),
                                new HealthSample(at(0.1), 0, 3000, "timeout"),
                                new HealthSample(at(1.1), 503, 4, "")),
                        List.of(at(-1), at(-0.9), at(1.5)),
                        List.of(at(0.2)),
                        List.of(),
                        List.of(),
                        List.of(restore, fault));
        assertEquals(
                new IterationTimeline.PerSecond(-1, List.of(1, 0, 0), List.of(0, 1, 1)), t.lb());
        assertEquals(
                new IterationTimeline.PerSecond(-1, List.of(2, 0, 1), List.of(0, 1, 0)),
                t.writes());
        assertEquals(List.of(fault, restore), t.events());
    }

    @Test
    void aRoleTheWatcherNeverGivesIsUnknownNotAnException() {
        IterationTimeline t =
                IterationTimeline.of(
                        T0,
                        T0,
                        at(2),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(new RoleSample("node1", T0, "RECOVERING")),
                        List.of(),
                        List.of());
        assertEquals(List.of(new StateRun("node1", Lane.DB, State.UNKNOWN, 0.0, 2.0)), t.states());
    }
}
