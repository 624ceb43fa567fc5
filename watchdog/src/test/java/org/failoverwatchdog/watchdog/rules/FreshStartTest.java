package org.failoverwatchdog.watchdog.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.junit.jupiter.api.Test;

/**
 * A state without its file (none, or a corrupt one set aside) never gives back a writer: whether
 * the node is fenced is read from its database, the first time it answers as primary or standby.
 */
class FreshStartTest {
    private final Rules rules = new Rules(FenceRuleTest.C);

    /**
     * Fenced, then cut asymmetrically: the witness answers, the peer does not (repmgr may have
     * promoted it with the witness's consent), the peer's database unreadable.
     */
    static World fencedAndHalfCut() {
        World w = FenceRuleTest.fencedWorld();
        w.witnessReach = Optional.of(FenceRuleTest.heard(Reach.Kind.ACCEPTS));
        return w;
    }

    @Test
    void aFencedNodeWhoseStateWasLostStaysFenced() {
        // Why the default matters: with "not fenced" (the plain initial state) the same world makes
        // the
        // read-only primary writable again, a second writer beside a peer that may have been
        // promoted.
        Decision forgot = rules.decide(fencedAndHalfCut().build(), WatchdogState.initial());
        assertEquals(
                PlanKind.UNFENCE,
                forgot.plan().orElseThrow().kind(),
                "the hazard a fresh state must not fall into");

        Decision d = rules.decide(fencedAndHalfCut().build(), WatchdogState.fresh());
        assertTrue(d.plan().isEmpty(), "no writer, no router: " + d.plan());
        assertTrue(
                d.next().fenced().isPresent(),
                "taken as fenced from the database's read-only primary");
        assertTrue(
                d.next().fenced().get().reason().startsWith("assumed: the state started fresh"),
                d.next().fenced().get().reason());
        assertFalse(d.next().startedFresh(), "settled");
        assertTrue(
                d.notes().stream().anyMatch(n -> n.contains("staying fenced")),
                d.notes().toString());
    }

    @Test
    void theAssumedFenceIsLiftedAsAnyOtherWhenThePeerFollowsThisNode() {
        World w = FenceRuleTest.primary();
        w.db = FenceRuleTest.db(DbRole.PRIMARY, 2, true, 1); // read-only, the peer streams from it
        w.containers =
                World.containers(FenceRuleTest.C.fencing().services(), World.T0.minusSeconds(3600));
        Decision d = rules.decide(w.build(), WatchdogState.fresh());
        assertEquals(PlanKind.UNFENCE, d.plan().orElseThrow().kind());
        assertTrue(d.next().fenced().isEmpty());
    }

    @Test
    void aWritablePrimaryOrAStandbySettlesItWithoutAFence() {
        Decision primary = rules.decide(FenceRuleTest.primary().build(), WatchdogState.fresh());
        assertTrue(primary.plan().isEmpty(), primary.plan().toString());
        assertEquals(
                WatchdogState.initial().withRegistered(primary.next().registered()),
                primary.next(),
                "a healthy primary: nothing to remember but the registrations it saw");

        Decision standby = rules.decide(new World().build(), WatchdogState.fresh());
        assertTrue(standby.plan().isEmpty(), standby.plan().toString());
        assertEquals(
                WatchdogState.initial().withRegistered(standby.next().registered()),
                standby.next());
    }

    @Test
    void untilTheDatabaseAnswersTheMarkStaysAndNothingIsAssumed() {
        for (World w : new World[] {FenceRuleTest.fencedWorld(), new World()}) {
            w.db = World.unknown();
            Decision unknown = rules.decide(w.build(), WatchdogState.fresh());
            assertTrue(unknown.next().startedFresh());
            assertTrue(unknown.next().fenced().isEmpty());
            assertTrue(unknown.plan().isEmpty(), unknown.plan().toString());
            assertTrue(
                    unknown.notes().stream()
                            .anyMatch(
                                    n ->
                                            n.contains(
                                                    "whether this node is fenced is read from it once it answers as primary or standby")),
                    unknown.notes().toString());
            w.db = World.dbDown();
            assertTrue(
                    rules.decide(w.build(), WatchdogState.fresh()).next().startedFresh(),
                    "refusing connections tells nothing of the fence");
        }
    }

    @Test
    void withoutFencingAReadOnlyPrimaryIsNotTakenAsFenced() {
        World w = FenceRuleTest.fencedWorld();
        w.witnessReach = Optional.empty();
        Decision d = new Rules(World.config("")).decide(w.build(), WatchdogState.fresh());
        assertTrue(d.next().fenced().isEmpty());
        assertFalse(d.next().startedFresh());
    }

    @Test
    void pausedTheMarkIsStillSettled() {
        WatchdogState paused =
                WatchdogState.fresh()
                        .withPaused(Optional.of(new WatchdogState.Pause(World.T0, "maintenance")));
        Decision d = rules.decide(fencedAndHalfCut().build(), paused);
        assertTrue(d.plan().isEmpty());
        assertTrue(d.next().fenced().isPresent() && d.next().paused().isPresent());
    }
}
