package org.failoverwatchdog.watchdog.cli;

import static org.failoverwatchdog.watchdog.cli.HandoverWorld.L;
import static org.failoverwatchdog.watchdog.cli.HandoverWorld.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.junit.jupiter.api.Test;

/**
 * The gates after repmgr as pure decisions over reads of the pair, stage by stage, and the track
 * that times each one when it first held.
 */
class HandoverGatesTest {
    static final WatchdogConfig C = HandoverWorld.config("");

    static HandoverGates.Seen check(HandoverGates.Gate g, HandoverWorld w) {
        return HandoverGates.check(g, C, w.snapshot());
    }

    @Test
    void eachGateHoldsOnlyFromItsStageOn() {
        List<HandoverGates.Gate> gates =
                List.of(
                        HandoverGates.Gate.DB_PRIMARY,
                        HandoverGates.Gate.DB_SETTLED,
                        HandoverGates.Gate.NEW_APP_ACTIVE,
                        HandoverGates.Gate.OLD_DEMOTED);
        List<HandoverWorld> stages =
                List.of(
                        new HandoverWorld(),
                        new HandoverWorld().promoted(),
                        new HandoverWorld().settled(),
                        new HandoverWorld().newAppActive(),
                        new HandoverWorld().oldDemoted());
        // stage i (0 before the switch) passes exactly the first i gates
        boolean[][] held = {
            {false, false, false, false},
            {true, false, false, false},
            {true, true, false, false},
            {true, true, true, false},
            {true, true, true, true}
        };
        for (int i = 0; i < stages.size(); i++)
            for (int g = 0; g < gates.size(); g++) {
                HandoverGates.Seen s = check(gates.get(g), stages.get(i));
                assertEquals(held[i][g], s.held(), "stage " + i + ", " + s);
            }
    }

    @Test
    void whatWasSeenSaysWhyAGateDoesNotHold() {
        assertEquals(
                "node2's database PRIMARY (timeline 3); node1's database DOWN",
                check(HandoverGates.Gate.DB_SETTLED, new HandoverWorld().promoted()).seen());
        assertEquals(
                "node2: COMPOSE_PROFILES=ha-secondary; HA_ROUTER_IP=10.0.0.11; its router does not"
                        + " answer (Connection refused)",
                check(HandoverGates.Gate.NEW_APP_ACTIVE, new HandoverWorld().settled()).seen());
        HandoverWorld noPooler = new HandoverWorld().newAppActive();
        noPooler.pooler = Observed.known(Answer.no("connection refused"), L);
        HandoverGates.Seen p = check(HandoverGates.Gate.NEW_APP_ACTIVE, noPooler);
        assertFalse(p.held());
        assertTrue(p.seen().contains("the pooler does not serve"), p.seen());
        assertEquals(
                "node1: a router still answers on its address; not ACTIVE in node2's router:"
                        + " BASTION, DATASERVICE, EDGE, GATEWAY",
                check(HandoverGates.Gate.OLD_DEMOTED, new HandoverWorld().newAppActive()).seen());
        HandoverWorld unknownRouter = new HandoverWorld().oldDemoted();
        unknownRouter.peerRouter = Observed.<RouterView>unknown("answered HTTP 500", L);
        HandoverGates.Seen u = check(HandoverGates.Gate.OLD_DEMOTED, unknownRouter);
        assertFalse(u.held(), "an UNKNOWN router is not a demoted one");
        assertTrue(u.seen().contains("answered HTTP 500"), u.seen());
    }

    @Test
    void theTrackTimesEachGateWhenItFirstHeldAfterTheOnesBefore() {
        GateTrack t =
                new GateTrack(
                        C,
                        List.of(
                                HandoverGates.Gate.DB_SETTLED,
                                HandoverGates.Gate.NEW_APP_ACTIVE,
                                HandoverGates.Gate.OLD_DEMOTED));
        t.observe(T0, new HandoverWorld().snapshot());
        assertEquals(HandoverGates.Gate.DB_SETTLED, t.waiting().orElseThrow().gate());
        t.observe(T0.plusSeconds(3), new HandoverWorld().newAppActive().snapshot());
        assertEquals(2, t.passed().size(), "two gates pass at one read");
        assertEquals(T0.plusSeconds(3), t.passed().get(1).at());
        assertFalse(t.done());
        HandoverGates.Seen waiting = t.waiting().orElseThrow();
        assertEquals(HandoverGates.Gate.OLD_DEMOTED, waiting.gate());
        assertTrue(waiting.seen().contains("a router still answers"), waiting.seen());
        t.observe(T0.plusSeconds(5), new HandoverWorld().snapshot()); // a read gone backwards
        assertEquals(2, t.passed().size());
        t.observe(T0.plusSeconds(7), new HandoverWorld().oldDemoted().snapshot());
        assertTrue(t.done());
        assertEquals(T0.plusSeconds(7), t.passed().get(2).at());
        assertTrue(t.waiting().isEmpty());
    }
}
