package org.failoverwatchdog.watchdog.rules;

import static org.failoverwatchdog.watchdog.rules.World.L;
import static org.failoverwatchdog.watchdog.rules.World.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.junit.jupiter.api.Test;

/**
 * Maintenance: a paused pair (or node) decides as ever and runs nothing, the fence included; the
 * plan comes back as withheld, with what holds it. A pair's pause that cannot be read holds every
 * plan but the fence.
 */
class PauseTest {
    static final PairPause.Paused ALICE =
            new PairPause.Paused("alice", "node1", T0.minusSeconds(60), "db upgrade");
    static final Observed<PairPause> PAIR_PAUSED = Observed.known(ALICE, L);
    static final Observed<PairPause> PAIR_UNKNOWN =
            Observed.unknown("failover_watchdog.pause: permission denied", L);
    static final WatchdogState.Pause NODE_PAUSE =
            new WatchdogState.Pause(T0.minusSeconds(30), "kernel update", "bob");

    private final Rules rules = new Rules(World.config(""));
    private final Rules fencing = new Rules(FenceRuleTest.C);

    /** node2's database is primary, its app layer secondary: Rule 1 promotes unless paused. */
    static World promote() {
        return new World().primaryDb();
    }

    @Test
    void aPausedPairWithholdsThePromoteAndSaysWhatItWouldHaveDone() {
        assertEquals(
                PlanKind.PROMOTE,
                rules.decide(promote().build(), WatchdogState.initial())
                        .plan()
                        .orElseThrow()
                        .kind(),
                "unpaused, the same world promotes");
        World w = promote();
        w.pairPause = PAIR_PAUSED;
        Decision d = rules.decide(w.build(), WatchdogState.initial());
        assertEquals(Optional.empty(), d.plan());
        Decision.Withheld held = d.withheld().orElseThrow();
        assertEquals(PlanKind.PROMOTE, held.plan().kind());
        assertEquals(RuleName.RULE1, held.plan().rule());
        assertEquals(List.of(new PauseHold.Pair(ALICE)), held.holds());
        assertTrue(
                held.describe()
                        .startsWith(
                                "paused: would have run PROMOTE (rule1): local PostgreSQL is primary"),
                held.describe());
        assertTrue(
                held.describe()
                        .endsWith(
                                "no action, because the pair is paused by alice on node1 since "
                                        + ALICE.since()
                                        + ": db upgrade"),
                held.describe());
        assertEquals(Optional.empty(), d.next().pending(), "what the plan marks is not kept");
        assertEquals(Optional.empty(), d.next().lastRoleChange());
        assertTrue(
                d.notes().get(0).startsWith("the pair is paused by alice on node1"),
                d.notes().toString());
        assertTrue(
                d.notes().get(0).endsWith("`failover-watchdog resume` ends it"), d.notes().get(0));
    }

    @Test
    void aPausedPairDoesNotFenceButItsTimerGoesOn() {
        World w = FenceRuleTest.isolated();
        WatchdogState silent =
                WatchdogState.initial()
                        .withIsolation(
                                Optional.of(
                                        new WatchdogState.Isolation(
                                                T0.minusSeconds(60), T0.minusSeconds(1))));
        assertEquals(
                PlanKind.FENCE,
                fencing.decide(w.build(), silent).plan().orElseThrow().kind(),
                "unpaused, it fences");
        w.pairPause = PAIR_PAUSED;
        Decision d = fencing.decide(w.build(), silent);
        assertEquals(Optional.empty(), d.plan());
        assertEquals(PlanKind.FENCE, d.withheld().orElseThrow().plan().kind());
        assertEquals(Optional.empty(), d.next().fenced(), "not fenced: the fence did not run");
        assertEquals(
                Optional.of(T0.minusSeconds(60)),
                d.next().isolation().map(WatchdogState.Isolation::since),
                "the isolation timer is kept: resumed, the fence comes at once if still cut off");
        assertEquals(
                PlanKind.FENCE,
                fencing.decide(FenceRuleTest.isolated().at(T0.plusSeconds(1)).build(), d.next())
                        .plan()
                        .orElseThrow()
                        .kind(),
                "resumed a second later, still cut off: the fence at once");
    }

    @Test
    void aPairPauseThatCannotBeReadLetsOnlyTheFenceAct() {
        World cut = FenceRuleTest.isolated();
        cut.pairPause = PAIR_UNKNOWN;
        Decision fence =
                fencing.decide(cut.build(), FenceRuleTest.silentSince(T0.minusSeconds(60)));
        assertEquals(PlanKind.FENCE, fence.plan().orElseThrow().kind(), "it only removes a writer");
        assertTrue(fence.withheld().isEmpty());
        assertTrue(
                fence.notes().stream().anyMatch(n -> n.startsWith("FENCE runs although")),
                fence.notes().toString());
        assertTrue(fence.next().fenced().isPresent(), "the fence's own mark is kept");

        World w = promote();
        w.pairPause = PAIR_UNKNOWN;
        Decision d = rules.decide(w.build(), WatchdogState.initial());
        assertEquals(Optional.empty(), d.plan(), "a writer is never made on an UNKNOWN");
        assertEquals(
                List.of(new PauseHold.PairUnknown("failover_watchdog.pause: permission denied")),
                d.withheld().orElseThrow().holds());
        assertTrue(
                d.notes().get(0).endsWith("only the fence may act until it can be read"),
                d.notes().toString());
    }

    @Test
    void noPauseTableIsNotPaused() {
        World w = promote();
        w.pairPause = Observed.known(new PairPause.NoTable(), L);
        Decision d = rules.decide(w.build(), WatchdogState.initial());
        assertEquals(PlanKind.PROMOTE, d.plan().orElseThrow().kind());
        assertTrue(d.withheld().isEmpty());
    }

    @Test
    void aNodePauseHoldsTooAndTheRule3TimerRunsOnUnderIt() {
        WatchdogState paused = WatchdogState.initial().withPaused(Optional.of(NODE_PAUSE));
        Decision t1 = rules.decide(new World().peerGone().build(), paused);
        assertEquals(Optional.of(T0), t1.next().routerAbsentSince(), "the timer starts");
        Decision t2 =
                rules.decide(new World().peerGone().at(T0.plusSeconds(10)).build(), t1.next());
        assertEquals(Optional.empty(), t2.plan());
        Decision.Withheld held = t2.withheld().orElseThrow();
        assertEquals(RuleName.RULE3, held.plan().rule());
        assertEquals(List.of(new PauseHold.Node(NODE_PAUSE)), held.holds());
        assertTrue(
                held.describe()
                        .endsWith(
                                "this node is paused (pause --node) since "
                                        + NODE_PAUSE.since()
                                        + " by bob: kernel update"),
                held.describe());
        assertTrue(
                !t2.next().rule3Promoted() && t2.next().pending().isEmpty(), t2.next().toString());

        Decision resumed =
                rules.decide(
                        new World().peerGone().at(T0.plusSeconds(20)).build(),
                        t2.next().withPaused(Optional.empty()));
        assertEquals(
                RuleName.RULE3,
                resumed.plan().orElseThrow().rule(),
                "resumed while the peer is still gone, Rule 3 acts at once");
    }

    @Test
    void bothPausesAreNamed() {
        World w = promote();
        w.pairPause = PAIR_PAUSED;
        Decision d =
                rules.decide(
                        w.build(), WatchdogState.initial().withPaused(Optional.of(NODE_PAUSE)));
        assertEquals(
                List.of(new PauseHold.Node(NODE_PAUSE), new PauseHold.Pair(ALICE)),
                d.withheld().orElseThrow().holds());
        assertTrue(
                d.notes().get(0).endsWith("`failover-watchdog resume --node` ends it"),
                d.notes().toString());
    }

    @Test
    void aPausedNodeWithNothingToDoHasNothingWithheld() {
        World w = new World();
        w.pairPause = PAIR_PAUSED;
        Decision d = rules.decide(w.build(), WatchdogState.initial());
        assertTrue(d.plan().isEmpty() && d.withheld().isEmpty(), d.toString());
    }
}
