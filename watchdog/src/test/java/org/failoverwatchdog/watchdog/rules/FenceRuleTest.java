package org.failoverwatchdog.watchdog.rules;

import static org.failoverwatchdog.watchdog.rules.World.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RoleAndTimeline;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fence rule as tables of situations: fence, hold, unfence, rejoin, and every observation that
 * withholds them.
 */
class FenceRuleTest {
    /**
     * Any readable file stands for the witness's key and known_hosts: the rules never open them.
     */
    static final WatchdogConfig C =
            World.config(
                    """
            witness: {name: witness, ip: 10.0.0.13, ssh_key: /etc/hostname, known_hosts: /etc/hostname}
            """);

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final Rules rules = new Rules(C);

    static Observed<Reach> silent() {
        return Observed.known(new Reach(Reach.Kind.SILENT, "connect timed out"), TIMEOUT);
    }

    static Observed<Reach> heard(Reach.Kind k) {
        return Observed.known(new Reach(k, k.toString().toLowerCase()), World.L);
    }

    static Observed<DbState> db(DbRole role, long timeline, boolean readOnly, int replicas) {
        return Observed.known(
                new DbState(role, timeline, "0/7000000", readOnly, replicas), World.L);
    }

    /** The primary of a pair with a witness, answered by both, the peer a streaming standby. */
    static World primary() {
        World w = new World().primaryAppLayer();
        w.db = db(DbRole.PRIMARY, 2, false, 1);
        w.peerDb = Optional.of(db(DbRole.STANDBY, 2, false, 0));
        w.activeRouter = World.registryWithAll(World.SELF);
        w.witnessReach = Optional.of(heard(Reach.Kind.ACCEPTS));
        return w;
    }

    /** Cut off: the peer and the witness silent, the peer's database and router unreadable. */
    static World isolated() {
        World w = primary();
        w.peerReach = silent();
        w.witnessReach = Optional.of(silent());
        w.peerDb = Optional.of(World.unknown());
        w.peerRouter = World.unreachable(World.PEER);
        return w;
    }

    static WatchdogState silentSince(Instant since) {
        return WatchdogState.initial()
                .withIsolation(Optional.of(new WatchdogState.Isolation(since, since)));
    }

    static WatchdogState fenced() {
        return WatchdogState.initial()
                .withFenced(Optional.of(new WatchdogState.Fence(T0.minusSeconds(30), "cut off")))
                .withIsolation(
                        Optional.of(
                                new WatchdogState.Isolation(
                                        T0.minusSeconds(35), T0.minusSeconds(3))));
    }

    /** A fenced node as the fence leaves it: read-only, the fenced services gone. */
    static World fencedWorld() {
        World w = isolated();
        w.db = db(DbRole.PRIMARY, 2, true, 0);
        w.containers = World.containers(C.fencing().services(), T0.minusSeconds(3600));
        return w;
    }

    private Decision decide(World w, WatchdogState s) {
        return rules.decide(w.build(), s);
    }

    /** "No route to host": silence that took no time to observe. */
    static Observed<Reach> quickSilence() {
        return Observed.known(
                new Reach(Reach.Kind.SILENT, "no route to host"), Duration.ofMillis(5));
    }

    @Test
    void theFirstSilentTickStartsTheTimerAndHoldsEveryOtherRule() {
        World w = isolated();
        w.peerReach = quickSilence();
        w.containers =
                World.containers(
                        List.of("router"), T0.minusSeconds(3600)); // ensure-router would act
        Decision d = decide(w, WatchdogState.initial());
        assertTrue(d.plan().isEmpty(), d.plan().toString());
        assertEquals(Optional.of(new WatchdogState.Isolation(T0, T0)), d.next().isolation());
        assertTrue(
                d.notes().stream().anyMatch(n -> n.contains("fence_after")), d.notes().toString());
    }

    @Test
    void silenceForFenceAfterFencesTheDatabaseFirstThenTheAppLayer() {
        // Silent since 1 s before this tick, whose connection attempts took 2 s more: 3 s >=
        // fence_after (2 s).
        Decision d = decide(isolated(), silentSince(T0.minusSeconds(1)));
        Plan p = d.plan().orElseThrow();
        assertEquals(PlanKind.FENCE, p.kind());
        assertEquals(RuleName.FENCE, p.rule());
        assertEquals(new Step.DbWrites(false), p.steps().get(0));
        assertEquals(
                new Step.Remove(
                        List.of(
                                "router",
                                "gateway",
                                "bastion",
                                "edge",
                                "dataservice",
                                "ui",
                                "haproxy")),
                p.steps().get(1));
        assertTrue(d.next().fenced().isPresent());
        assertTrue(
                p.reason().contains("neither the peer node1") && p.reason().contains("3000 ms"),
                p.reason());
    }

    @Test
    void oneTickWhoseAttemptsTimedOutAfterFenceAfterIsEnough() {
        // Both connection attempts went unanswered for 2 s: that is 2 s of silence already.
        assertEquals(
                PlanKind.FENCE,
                decide(isolated(), WatchdogState.initial()).plan().orElseThrow().kind());
    }

    @Test
    void silenceShorterThanFenceAfterCountingTheAttemptsDoesNotFence() {
        World w = isolated();
        w.peerReach = quickSilence();
        w.witnessReach = Optional.of(silent());
        assertTrue(
                decide(w, silentSince(T0.minusSeconds(1))).plan().isEmpty(),
                "1 s + 5 ms of silence is not 2 s");
    }

    static Stream<Arguments> noFence() {
        return Stream.of(
                Arguments.of(
                        "the peer refuses (its host answers)",
                        (Consumer<World>) w -> w.peerReach = heard(Reach.Kind.REFUSES)),
                Arguments.of(
                        "the witness answers",
                        (Consumer<World>)
                                w -> w.witnessReach = Optional.of(heard(Reach.Kind.ACCEPTS))),
                Arguments.of(
                        "the peer's reach UNKNOWN",
                        (Consumer<World>) w -> w.peerReach = World.unknown()),
                Arguments.of(
                        "the witness's reach UNKNOWN",
                        (Consumer<World>) w -> w.witnessReach = Optional.of(World.unknown())),
                Arguments.of("the database UNKNOWN", (Consumer<World>) w -> w.db = World.unknown()),
                Arguments.of(
                        "the database a standby",
                        (Consumer<World>) w -> w.db = db(DbRole.STANDBY, 2, false, 0)),
                Arguments.of("the database down", (Consumer<World>) w -> w.db = World.dbDown()));
    }

    @ParameterizedTest(name = "{0}: no fence")
    @MethodSource("noFence")
    void onlyAnObservedSilenceOfBothFencesAPrimary(String name, Consumer<World> change) {
        World w = isolated();
        change.accept(w);
        Decision d = decide(w, silentSince(T0.minusSeconds(60)));
        assertTrue(
                d.plan().map(p -> p.kind() != PlanKind.FENCE).orElse(true), name + ": " + d.plan());
        assertTrue(d.next().fenced().isEmpty(), name);
    }

    /**
     * The operator's failover (issue 13): the witness down, the old primary lost power, this
     * standby promoted by hand. Both are silent, but a fence would take down the only database
     * left: the operator's assertion holds it back, the promote goes ahead, and the first answer of
     * the peer lifts the assertion.
     */
    @Test
    void afterAnOperatorsFailoverThePeersSilenceDoesNotFenceUntilThePeerAnswersAgain() {
        WatchdogState asserted =
                silentSince(T0.minusSeconds(600))
                        .withOperator(
                                Optional.of(
                                        new WatchdogState.Operator.PeerGone(
                                                T0.minusSeconds(5), "alice", "node1 silent")));
        World promoted = isolated();
        promoted.env = World.env("ha-secondary", World.PEER); // repmgr promoted, the app follows
        promoted.containers = World.containers(List.of("router"), T0.minusSeconds(3600));
        Decision d = decide(promoted, asserted);
        Plan p = d.plan().orElseThrow();
        assertEquals(PlanKind.PROMOTE, p.kind(), "Rule 1 promotes the app layer, no fence");
        assertTrue(d.next().fenced().isEmpty());
        assertTrue(
                d.notes().stream().anyMatch(n -> n.contains("operator asserted")),
                d.notes().toString());
        assertEquals(
                PlanKind.FENCE,
                decide(promoted, silentSince(T0.minusSeconds(600))).plan().orElseThrow().kind(),
                "without the assertion the same world is fenced: the test can fail");

        World back = isolated();
        back.peerReach = heard(Reach.Kind.REFUSES);
        Decision lifted = decide(back, asserted);
        assertEquals(Optional.empty(), lifted.next().operator(), "the peer answers: lifted");
        assertTrue(
                lifted.notes().stream().anyMatch(n -> n.contains("is lifted")),
                lifted.notes().toString());
    }

    @Test
    void anAnswerStopsTheTimerAndAnUnknownKeepsIt() {
        World w = isolated();
        w.witnessReach = Optional.of(heard(Reach.Kind.REFUSES));
        assertTrue(decide(w, silentSince(T0.minusSeconds(1))).next().isolation().isEmpty());
        w.witnessReach = Optional.of(World.unknown());
        assertEquals(
                silentSince(T0.minusSeconds(1)).isolation(),
                decide(w, silentSince(T0.minusSeconds(1))).next().isolation());
    }

    @Test
    void aTimerLeftFromLongAgoStartsAgain() {
        WatchdogState old =
                WatchdogState.initial()
                        .withIsolation(
                                Optional.of(
                                        new WatchdogState.Isolation(
                                                T0.minusSeconds(600), T0.minusSeconds(300))));
        World w = isolated();
        w.peerReach = quickSilence();
        Decision d = decide(w, old);
        assertTrue(
                d.plan().isEmpty(),
                "the last silent tick was 300 s ago (max_observation_gap 30 s)");
        assertEquals(Optional.of(new WatchdogState.Isolation(T0, T0)), d.next().isolation());
    }

    @Test
    void withoutAWitnessNothingIsFenced() {
        World w = isolated();
        w.witnessReach = Optional.empty();
        Decision d =
                new Rules(World.config("")).decide(w.build(), silentSince(T0.minusSeconds(60)));
        assertTrue(d.plan().map(p -> p.kind() != PlanKind.FENCE).orElse(true), d.plan().toString());
    }

    @Test
    void aPausedNodeDoesNotFence() {
        WatchdogState paused =
                silentSince(T0.minusSeconds(60))
                        .withPaused(Optional.of(new WatchdogState.Pause(T0, "maintenance")));
        assertTrue(decide(isolated(), paused).plan().isEmpty());
    }

    @Test
    void anUnreadableEnvDoesNotStopTheFence() {
        World w = isolated();
        w.env = World.unknown();
        assertEquals(
                PlanKind.FENCE,
                decide(w, silentSince(T0.minusSeconds(60))).plan().orElseThrow().kind());
    }

    @Test
    void whileFencedAndCutOffNothingActsButABreachedFenceIsFencedAgain() {
        Decision hold = decide(fencedWorld(), fenced());
        assertTrue(
                hold.plan().isEmpty(), "no ensure-router, no repair, no promote: " + hold.plan());
        assertTrue(
                hold.notes().stream().anyMatch(n -> n.contains("staying fenced")),
                hold.notes().toString());

        World writable = fencedWorld();
        writable.db = db(DbRole.PRIMARY, 2, false, 0);
        assertEquals(
                PlanKind.FENCE,
                decide(writable, fenced()).plan().orElseThrow().kind(),
                "a restarted database lost the fence");

        World routerBack = fencedWorld();
        routerBack.containers =
                World.containers(
                        List.of("dataservice", "gateway", "bastion", "edge", "ui", "haproxy"),
                        T0.minusSeconds(10));
        assertEquals(
                PlanKind.FENCE,
                decide(routerBack, fenced()).plan().orElseThrow().kind(),
                "a router started by hand");
    }

    @Test
    void thePeerFollowingAgainUnfencesAndResumesAsPrimaryInTheReferenceOrder() {
        World w = fencedWorld();
        w.peerReach = heard(Reach.Kind.ACCEPTS);
        w.witnessReach = Optional.of(heard(Reach.Kind.ACCEPTS));
        w.peerDb = Optional.of(db(DbRole.STANDBY, 2, false, 0));
        w.db = db(DbRole.PRIMARY, 2, true, 1);
        Decision d = decide(w, fenced());
        Plan p = d.plan().orElseThrow();
        assertEquals(PlanKind.UNFENCE, p.kind());
        assertEquals(new Step.DbWrites(true), p.steps().get(0));
        assertEquals(
                new Step.Recreate(List.of("pgpool")),
                p.steps().get(1),
                "the pooler anew: cut off, it may hold sessions that hang");
        assertEquals(
                PlanBuilder.promote(C, "ha-primary", RuleName.FENCE, p.reason()).steps(),
                p.steps().subList(2, p.steps().size()));
        assertTrue(d.next().fenced().isEmpty());
        assertEquals(
                PlanKind.PROMOTE,
                d.next().pending().orElseThrow().kind(),
                "an unfence cut short is finished as a promote");
    }

    static Stream<Arguments> staysFenced() {
        return Stream.of(
                Arguments.of(
                        "the peer answers, its database unreadable",
                        (Consumer<World>) w -> w.peerDb = Optional.of(World.unknown())),
                Arguments.of(
                        "the peer a standby not yet streaming from here",
                        (Consumer<World>) w -> w.db = db(DbRole.PRIMARY, 2, true, 0)),
                Arguments.of(
                        "the local database UNKNOWN",
                        (Consumer<World>) w -> w.db = World.unknown()),
                Arguments.of(
                        "both primary on one timeline",
                        (Consumer<World>)
                                w -> w.peerDb = Optional.of(db(DbRole.PRIMARY, 2, false, 0))));
    }

    @ParameterizedTest(name = "{0}: stays fenced")
    @MethodSource("staysFenced")
    void anUnfenceNeedsThePeerSeenFollowingThisNode(String name, Consumer<World> change) {
        World w = fencedWorld();
        w.peerReach = heard(Reach.Kind.ACCEPTS);
        w.peerDb = Optional.of(db(DbRole.STANDBY, 2, false, 0));
        w.db = db(DbRole.PRIMARY, 2, true, 1);
        change.accept(w);
        Decision d = decide(w, fenced());
        assertTrue(d.plan().isEmpty(), name + ": " + d.plan());
        assertTrue(d.next().fenced().isPresent(), name);
    }

    /**
     * Cut from the peer only (the witness still answers), the peer's database unreadable from here:
     * what the witness reads there is all there is to know.
     */
    static World cutFromPeer(Optional<Observed<RoleAndTimeline>> witnessReads) {
        World w = primary();
        w.peerReach = silent();
        w.peerDb = Optional.of(World.unknown());
        w.peerRouter = World.unreachable(World.PEER);
        w.witnessPeerDb = witnessReads;
        return w;
    }

    static Optional<Observed<RoleAndTimeline>> witnessReads(DbRole role, long timeline) {
        return Optional.of(Observed.known(new RoleAndTimeline(role, timeline), World.L));
    }

    @Test
    void thePeerPromotedAcrossACutBetweenTheNodesFencesAtOnce() {
        Decision d = decide(cutFromPeer(witnessReads(DbRole.PRIMARY, 3)), WatchdogState.initial());
        Plan p = d.plan().orElseThrow();
        assertEquals(PlanKind.FENCE, p.kind());
        assertEquals(new Step.DbWrites(false), p.steps().get(0));
        assertTrue(
                p.reason().contains("primary (timeline 2, WAL at 0/7000000)")
                        && p.reason().contains("as primary on timeline 3"),
                p.reason());
        assertTrue(d.next().fenced().isPresent());
    }

    static Stream<Arguments> nothingSaysAPromotionHappened() {
        return Stream.of(
                Arguments.of("no report", Optional.empty()),
                Arguments.of("the witness cannot tell", Optional.of(World.unknown())),
                Arguments.of("a standby", witnessReads(DbRole.STANDBY, 2)),
                Arguments.of("a primary on the same timeline", witnessReads(DbRole.PRIMARY, 2)),
                Arguments.of("a primary on an older timeline", witnessReads(DbRole.PRIMARY, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nothingSaysAPromotionHappened")
    void aCutFromThePeerAloneIsNoFence(
            String name, Optional<Observed<RoleAndTimeline>> witnessReads) {
        Decision d = decide(cutFromPeer(witnessReads), WatchdogState.initial());
        assertTrue(
                d.plan().map(p -> p.kind() != PlanKind.FENCE).orElse(true), name + ": " + d.plan());
        assertTrue(d.next().fenced().isEmpty(), name);
    }

    @Test
    void thePeersOwnAnswerOutweighsTheWitnesssReport() {
        World w = cutFromPeer(witnessReads(DbRole.PRIMARY, 3));
        w.peerReach = heard(Reach.Kind.ACCEPTS);
        w.peerDb = Optional.of(db(DbRole.STANDBY, 2, false, 0));
        Decision d = decide(w, WatchdogState.initial());
        assertTrue(d.plan().map(p -> p.kind() != PlanKind.FENCE).orElse(true), d.plan().toString());
    }

    @Test
    void withoutFencingTheWitnesssReportDecidesNothing() {
        Rules off =
                new Rules(
                        World.config(
                                """
                witness: {name: witness, ip: 10.0.0.13, ssh_key: /etc/hostname, known_hosts: /etc/hostname}
                fencing: {enabled: false}
                """));
        Decision d =
                off.decide(
                        cutFromPeer(witnessReads(DbRole.PRIMARY, 3)).build(),
                        WatchdogState.initial());
        assertTrue(d.plan().map(p -> p.kind() != PlanKind.FENCE).orElse(true), d.plan().toString());
    }

    @Test
    void fencedOnTheWitnesssWordItStaysFencedUntilThePeerAnswersThenRejoins() {
        World w = cutFromPeer(witnessReads(DbRole.PRIMARY, 3));
        w.db = db(DbRole.PRIMARY, 2, true, 0);
        w.containers = World.containers(C.fencing().services(), T0.minusSeconds(3600));
        WatchdogState s =
                decide(cutFromPeer(witnessReads(DbRole.PRIMARY, 3)), WatchdogState.initial())
                        .next();
        Decision held = decide(w, s);
        assertTrue(held.plan().isEmpty(), held.plan().toString());
        assertTrue(
                held.notes().stream()
                        .anyMatch(
                                n ->
                                        n.contains("as primary on timeline 3")
                                                && n.contains("staying fenced")),
                held.notes().toString());
        w.peerReach = heard(Reach.Kind.ACCEPTS);
        w.peerDb = Optional.of(db(DbRole.PRIMARY, 3, false, 0));
        assertEquals(PlanKind.REJOIN, decide(w, s).plan().orElseThrow().kind());
    }

    @Test
    void aBreachedFenceOnTheWitnesssWordIsFencedAgain() {
        World w = cutFromPeer(witnessReads(DbRole.PRIMARY, 3));
        WatchdogState s = decide(w, WatchdogState.initial()).next();
        Decision d = decide(w, s); // still writable: the fence's database step did not hold
        assertEquals(PlanKind.FENCE, d.plan().orElseThrow().kind());
        assertTrue(
                d.plan().get().reason().contains("the database is writable"),
                d.plan().get().reason());
    }

    @Test
    void aFencedNodeWhosePeerWasPromotedRejoinsAndSaysWhatItDiscards() {
        World w = fencedWorld();
        w.peerReach = heard(Reach.Kind.ACCEPTS);
        w.peerDb = Optional.of(db(DbRole.PRIMARY, 3, false, 0));
        Decision d = decide(w, fenced());
        Plan p = d.plan().orElseThrow();
        assertEquals(PlanKind.REJOIN, p.kind());
        List<String> steps = p.steps().stream().map(Step::describe).toList();
        assertEquals("database read-only (fence)", steps.get(0));
        assertEquals("database writable", steps.get(4), "nothing of the fence outlives the rejoin");
        assertEquals(
                "run systemctl start failover-watchdog-rejoin.service && cat /var/lib/failover-watchdog/rejoin.last",
                steps.get(2));
        assertEquals("gate local PostgreSQL is STANDBY within 60000 ms", steps.get(3));
        assertEquals("set {COMPOSE_PROFILES=ha-secondary, HA_ROUTER_IP=10.0.0.11}", steps.get(5));
        assertEquals("recreate pgpool", steps.get(6));
        assertEquals(
                "start gateway bastion edge dataservice ui haproxy", steps.get(steps.size() - 1));
        assertTrue(
                p.reason().contains("timeline 2, WAL at 0/7000000")
                        && p.reason().contains("discarding"),
                p.reason());
        assertEquals(PlanKind.REJOIN, d.next().pending().orElseThrow().kind());
        assertTrue(d.next().fenced().isEmpty());
    }

    @Test
    void anInterruptedRejoinIsFinishedOnceTheDatabaseIsAStandby() {
        World w = primary();
        w.db = db(DbRole.STANDBY, 3, false, 0);
        w.peerDb = Optional.of(db(DbRole.PRIMARY, 3, false, 1));
        WatchdogState s =
                WatchdogState.initial()
                        .withPending(
                                Optional.of(
                                        new WatchdogState.Pending(
                                                PlanKind.REJOIN,
                                                RuleName.FENCE,
                                                "stale",
                                                T0.minusSeconds(20))));
        Plan p = decide(w, s).plan().orElseThrow();
        assertEquals(PlanKind.REJOIN, p.kind());
        assertTrue(
                p.steps().stream().noneMatch(x -> x instanceof Step.Run),
                "the database part is done: " + p.steps());
        assertEquals(
                "set {COMPOSE_PROFILES=ha-secondary, HA_ROUTER_IP=10.0.0.11}",
                p.steps().get(1).describe());
    }

    @Test
    void aFenceLiftsWhenTheDatabaseWasRejoinedOutsideAPlanAndTheFencedServicesComeBack() {
        World w = fencedWorld();
        w.peerReach = heard(Reach.Kind.ACCEPTS);
        w.db = db(DbRole.STANDBY, 3, false, 0);
        w.peerDb = Optional.of(db(DbRole.PRIMARY, 3, false, 1));
        Decision d = decide(w, fenced());
        assertTrue(d.next().fenced().isEmpty());
        Plan p = d.plan().orElseThrow();
        assertEquals(PlanKind.REJOIN, p.kind(), d.notes().toString());
        assertTrue(
                p.steps().stream().noneMatch(x -> x instanceof Step.Run),
                "the database is rejoined already: " + p.steps());
        assertEquals(
                "start gateway bastion edge dataservice ui haproxy",
                p.steps().get(p.steps().size() - 1).describe(),
                "the fence removed ui and haproxy too: a demote alone would leave the node out of the LB");
    }

    @Test
    void aReadOnlyPrimaryWithoutAFenceIsMadeWritableWhileNoOtherWriterCanExist() {
        World w = primary();
        w.db = db(DbRole.PRIMARY, 2, true, 0);
        Plan p = decide(w, WatchdogState.initial()).plan().orElseThrow();
        assertEquals(PlanKind.UNFENCE, p.kind());
        assertEquals(List.of(new Step.DbWrites(true)), p.steps());

        World failedOver =
                primary(); // repmgr promoted this node with the witness's consent; the old primary
        // is gone
        failedOver.db = db(DbRole.PRIMARY, 3, true, 0);
        failedOver.peerReach = silent();
        failedOver.peerDb = Optional.of(World.unknown());
        assertEquals(
                PlanKind.UNFENCE,
                decide(failedOver, WatchdogState.initial()).plan().orElseThrow().kind());

        World twoWriters = primary();
        twoWriters.db = db(DbRole.PRIMARY, 2, true, 0);
        twoWriters.peerDb = Optional.of(db(DbRole.PRIMARY, 2, false, 0));
        assertTrue(
                decide(twoWriters, WatchdogState.initial())
                        .plan()
                        .map(x -> x.kind() != PlanKind.UNFENCE)
                        .orElse(true),
                "the peer writes too: left alone");

        World unknownPeer = primary();
        unknownPeer.db = db(DbRole.PRIMARY, 2, true, 0);
        unknownPeer.peerDb = Optional.of(World.unknown());
        assertTrue(
                decide(unknownPeer, WatchdogState.initial())
                        .plan()
                        .map(x -> x.kind() != PlanKind.UNFENCE)
                        .orElse(true),
                "the peer answers but its database cannot be read: left alone");
    }
}
