package org.failoverwatchdog.watchdog.rules;

import static org.failoverwatchdog.watchdog.rules.World.PEER;
import static org.failoverwatchdog.watchdog.rules.World.SELF;
import static org.failoverwatchdog.watchdog.rules.World.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.failoverwatchdog.convergence.GateCheck;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RulesTest {
    private static final WatchdogConfig C = World.config("");
    private final Rules rules = new Rules(C);

    private Decision decide(World w, WatchdogState s) {
        return rules.decide(w.build(), s);
    }

    private static WatchdogState.Repairs once(Instant t) {
        return new WatchdogState.Repairs(List.of(t), false);
    }

    private static WatchdogState fresh() {
        return WatchdogState.initial();
    }

    @Test
    void quietSecondaryDoesNothing() {
        Decision d = decide(new World(), fresh());
        assertTrue(d.plan().isEmpty(), d.notes().toString());
        assertEquals(
                fresh().withRegistered(d.next().registered()),
                d.next(),
                "only the registrations it saw are remembered");
        assertEquals(
                d.next(),
                decide(new World(), d.next()).next(),
                "and a quiet tick after it changes nothing");
    }

    @Test
    void rule1PromotesInTheReferenceOrderWhenTheDatabaseIsPrimary() {
        Decision d = decide(new World().primaryDb(), fresh());
        Plan p = d.plan().orElseThrow();
        assertEquals(PlanKind.PROMOTE, p.kind());
        assertEquals(RuleName.RULE1, p.rule());
        assertEquals(
                new Step.SetEnv(Map.of("COMPOSE_PROFILES", "ha-primary", "HA_ROUTER_IP", SELF)),
                p.steps().get(0));
        List<String> order = p.steps().stream().map(Step::describe).toList();
        assertEquals(
                List.of(
                        "set {COMPOSE_PROFILES=ha-primary, HA_ROUTER_IP=10.0.0.12}",
                        "start router gateway bastion edge",
                        "gate pooler answers SELECT 1 within 2000 ms",
                        "start dataservice",
                        "gate router 10.0.0.12 answers within 30000 ms",
                        "gate EDGE@10.0.0.12 ACTIVE in router 10.0.0.12 within 20000 ms",
                        "start ui haproxy"),
                order);
        Step.Gate pooler = (Step.Gate) p.steps().get(2);
        assertEquals(
                Optional.of(new Step.Recreate(List.of("pgpool"))),
                pooler.remedy(),
                "a pgpool that does not serve is recreated");
        Step.Gate edge = (Step.Gate) p.steps().get(5);
        assertEquals(Optional.of(new Step.Restart(List.of("edge"))), edge.remedy());
        assertEquals(1, edge.remedyAttempts());
        assertEquals(PlanKind.PROMOTE, d.next().pending().orElseThrow().kind());
        assertEquals(Optional.of(T0), d.next().lastRoleChange());
    }

    @Test
    void rule1DemotesAStandbyWithThePrimaryProfile() {
        World w = new World();
        w.env = World.env("ha-primary", SELF);
        w.containers = World.containers(List.of(), T0.minusSeconds(3600)); // local router runs
        Plan p = decide(w, fresh()).plan().orElseThrow();
        assertEquals(PlanKind.DEMOTE, p.kind());
        assertEquals(
                new Step.SetEnv(Map.of("COMPOSE_PROFILES", "ha-secondary", "HA_ROUTER_IP", PEER)),
                p.steps().get(0));
        assertEquals(new Step.Remove(List.of("router")), p.steps().get(1));
        // The new primary's services register first (the first registration of a type is MASTER).
        Step.Gate first = (Step.Gate) p.steps().get(2);
        assertEquals(new GateCheck.RegistryActive("DATASERVICE", PEER, PEER), first.check());
        assertFalse(first.required());
        int start =
                p.steps()
                        .indexOf(
                                new Step.Start(
                                        List.of("dataservice", "gateway", "bastion", "edge")));
        assertTrue(
                start > 2
                        && p.steps().subList(2, start).stream()
                                .allMatch(
                                        st ->
                                                st instanceof Step.Gate g
                                                        && g.check()
                                                                instanceof
                                                                GateCheck.RegistryActive r
                                                        && r.nodeIp().equals(PEER)),
                p.steps().toString());
        assertTrue(p.reason().contains("standby"), p.reason());
    }

    @Test
    void rule1RemovesAStaleRouterFromAConsistentSecondary() {
        World w = new World();
        w.containers = World.containers(List.of(), T0.minusSeconds(3600));
        Plan p = decide(w, fresh()).plan().orElseThrow();
        assertEquals(PlanKind.DEMOTE, p.kind());
        assertTrue(p.reason().contains("two live routers"), p.reason());
    }

    @Test
    void rule1RepointsHaRouterIpOnAPrimary() {
        World w = new World().primaryDb();
        w.env = World.env("ha-primary", PEER);
        Plan p = decide(w, fresh()).plan().orElseThrow();
        assertEquals(PlanKind.PROMOTE, p.kind());
        assertTrue(p.reason().contains("HA_ROUTER_IP=" + PEER), p.reason());
    }

    @Test
    void primaryWhoseRouterContainerIsGoneGetsItStarted() {
        World w = new World().primaryDb();
        w.env = World.env("ha-primary", SELF);
        w.activeRouter = World.registryWithAll(SELF);
        w.peerRouter = World.unreachable(PEER);
        w.containers = World.containers(List.of("router"), T0.minusSeconds(3600));
        Plan p = decide(w, fresh()).plan().orElseThrow();
        assertEquals(PlanKind.ENSURE_ROUTER, p.kind());
        assertEquals(new Step.Start(List.of("router")), p.steps().get(0));
    }

    @Test
    void otherProfilesInComposeProfilesAreKept() {
        World w = new World().primaryDb();
        w.env = World.env("monitoring,ha-secondary", PEER);
        Step.SetEnv set = (Step.SetEnv) decide(w, fresh()).plan().orElseThrow().steps().get(0);
        assertEquals("ha-primary,monitoring", set.values().get("COMPOSE_PROFILES"));
    }

    @Test
    void aLocalDatabaseThatRefusesConnectionsWhileThePeersIsPrimaryIsDemoted() {
        World w = new World().primaryAppLayer();
        w.db = World.dbDown();
        w.peerDb = Optional.of(World.dbPrimary(2));
        Plan p = decide(w, fresh()).plan().orElseThrow();
        assertEquals(PlanKind.DEMOTE, p.kind());
        assertEquals(
                "local PostgreSQL refuses connections (down) and the peer's is primary (timeline 2) but COMPOSE_PROFILES is ha-primary",
                p.reason());
        assertEquals(new Step.Remove(List.of("router")), p.steps().get(1));
    }

    @Test
    void aLocalDatabaseThatRefusesConnectionsAloneChangesNothing() {
        World w = new World().primaryAppLayer();
        w.db = World.dbDown();
        Decision noPeerConfigured = decide(w, fresh());
        assertTrue(noPeerConfigured.plan().isEmpty(), noPeerConfigured.plan().toString());
        assertTrue(
                noPeerConfigured.notes().stream()
                        .anyMatch(n -> n.contains("postgres.peer is not configured")),
                noPeerConfigured.notes().toString());
        w.peerDb =
                Optional.of(
                        Observed.known(
                                new org.failoverwatchdog.probes.DbState(
                                        org.failoverwatchdog.probes.DbRole.STANDBY,
                                        1,
                                        "0/1",
                                        false,
                                        0),
                                World.L));
        assertTrue(
                decide(w, fresh()).plan().isEmpty(),
                "a restart of the primary's PostgreSQL, the peer still a standby: wait");
    }

    @Test
    void aStalePrimaryNeverKeepsOrTakesThePrimaryAppLayer() {
        World back = new World().primaryAppLayer();
        back.db = World.dbPrimary(1);
        back.peerDb = Optional.of(World.dbPrimary(2));
        Plan p = decide(back, fresh()).plan().orElseThrow();
        assertEquals(PlanKind.REJOIN, p.kind());
        assertTrue(
                p.reason()
                        .startsWith(
                                "local PostgreSQL is a stale primary (timeline 1, WAL at 0/6000000; the peer node1 is primary on timeline 2)"),
                p.reason());

        // Without a rejoin command the guard still keeps the app layer off the stale primary.
        Plan demote =
                new Rules(World.config("fencing: {rejoin: false}\n"))
                        .decide(back.build(), fresh())
                        .plan()
                        .orElseThrow();
        assertEquals(PlanKind.DEMOTE, demote.kind());
        assertTrue(
                demote.reason()
                        .startsWith(
                                "local PostgreSQL is a stale primary (timeline 1; the peer's is primary on timeline 2)"),
                demote.reason());

        World secondary = new World();
        secondary.db = World.dbPrimary(1);
        secondary.peerDb = Optional.of(World.dbPrimary(2));
        assertEquals(
                PlanKind.REJOIN,
                decide(secondary, fresh()).plan().orElseThrow().kind(),
                "a stale primary's database is rejoined, never promoted");

        World sameTimeline = new World();
        sameTimeline.db = World.dbPrimary(2);
        sameTimeline.peerDb = Optional.of(World.dbPrimary(2));
        Decision d = decide(sameTimeline, fresh());
        assertTrue(d.plan().isEmpty(), "two primaries on one timeline: repmgr's to settle");
        assertTrue(
                d.notes().stream().anyMatch(n -> n.contains("both primary")), d.notes().toString());

        World newer = new World();
        newer.db = World.dbPrimary(3);
        newer.peerDb = Optional.of(World.dbPrimary(2));
        assertEquals(
                PlanKind.PROMOTE,
                decide(newer, fresh()).plan().orElseThrow().kind(),
                "the peer is the stale one");
    }

    /**
     * Each observation UNKNOWN, in a world where that observation would otherwise drive an action:
     * no action.
     */
    static Stream<Arguments> unknownObservations() {
        return Stream.of(
                Arguments.of(
                        "database UNKNOWN (would promote)",
                        (Consumer<World>)
                                w -> {
                                    w.db = World.unknown();
                                }),
                Arguments.of(
                        "peer database UNKNOWN while the local one is down (would demote)",
                        (Consumer<World>)
                                w -> {
                                    w.primaryAppLayer();
                                    w.db = World.dbDown();
                                    w.peerDb = Optional.of(World.unknown());
                                }),
                Arguments.of(
                        ".env UNKNOWN (would promote)",
                        (Consumer<World>)
                                w -> {
                                    w.primaryDb();
                                    w.env = World.unknown();
                                }),
                Arguments.of(
                        "containers UNKNOWN (would repair)",
                        (Consumer<World>)
                                w -> {
                                    w.activeRouter = World.registry(PEER, List.of("GATEWAY"));
                                    w.containers = World.unknown();
                                }),
                Arguments.of(
                        "registry UNKNOWN (would repair)",
                        (Consumer<World>)
                                w -> {
                                    w.activeRouter = World.unknown();
                                }),
                Arguments.of(
                        "peer router UNKNOWN (would fire Rule 3)",
                        (Consumer<World>)
                                w -> {
                                    w.peerGone();
                                    w.peerRouter = World.unknown(); // the active router
                                    // (HA_ROUTER_IP=peer) is
                                    // unreachable, the peer's is
                                    // unreadable
                                }),
                Arguments.of(
                        "peer node UNKNOWN (would fire Rule 3)",
                        (Consumer<World>)
                                w -> {
                                    w.peerGone();
                                    w.peerNode = World.unknown();
                                }),
                Arguments.of(
                        "witness UNKNOWN (would fire Rule 3)",
                        (Consumer<World>)
                                w -> {
                                    w.peerGone();
                                    w.witness = Optional.of(World.unknown());
                                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownObservations")
    void anUnknownObservationNeverLeadsToAnAction(String name, Consumer<World> setup) {
        World w = new World();
        setup.accept(w);
        // A Rule 3 timer already past the threshold, so only the UNKNOWN can hold Rule 3 back.
        WatchdogState s =
                fresh().withTimer(
                                Optional.of(T0.minusSeconds(12)), Optional.of(T0.minusSeconds(2)));
        Decision d = decide(w, s);
        assertTrue(d.plan().isEmpty(), name + " gave " + d.plan());
        assertFalse(d.notes().isEmpty(), "the notes say why nothing was done");
    }

    @Test
    void rule3FiresOnlyAfterTheThresholdAcrossTicks() {
        WatchdogState s = fresh();
        Decision t1 = decide(new World().peerGone(), s);
        assertTrue(t1.plan().isEmpty());
        assertEquals(Optional.of(T0), t1.next().routerAbsentSince());

        Decision t2 = decide(new World().peerGone().at(T0.plusSeconds(3)), t1.next());
        assertTrue(t2.plan().isEmpty(), "3 s is under the 5 s threshold");
        assertEquals(
                Optional.of(T0), t2.next().routerAbsentSince(), "the timer survives between ticks");

        Decision t3 = decide(new World().peerGone().at(T0.plusSeconds(10)), t2.next());
        Plan p = t3.plan().orElseThrow();
        assertEquals(PlanKind.PROMOTE, p.kind());
        assertEquals(RuleName.RULE3, p.rule());
        assertTrue(t3.next().rule3Promoted());
        assertEquals(Optional.empty(), t3.next().routerAbsentSince());
    }

    @Test
    void rule3DoesNotFireWhenThePeersRouterAnswers() {
        World w = new World().peerGone();
        w.db = World.unknown(); // so Rule 1 does not repoint the stray HA_ROUTER_IP first
        w.env = World.env("ha-secondary", "10.0.0.99"); // HA_ROUTER_IP points at a dead address
        w.activeRouter = World.unreachable("10.0.0.99");
        w.peerRouter = World.registryWithAll(PEER);
        WatchdogState s =
                fresh().withTimer(
                                Optional.of(T0.minusSeconds(20)), Optional.of(T0.minusSeconds(10)));
        Decision d = decide(w, s);
        assertTrue(
                d.plan().isEmpty() || d.plan().get().rule() != RuleName.RULE3,
                String.valueOf(d.plan()));
        assertTrue(
                d.notes().stream().anyMatch(n -> n.contains("peer's router answers")),
                d.notes().toString());
    }

    @Test
    void rule3DoesNotFireWhenThePeerNodeStillAnswers() {
        World w = new World();
        w.activeRouter = World.unreachable(PEER);
        WatchdogState s =
                fresh().withTimer(
                                Optional.of(T0.minusSeconds(20)), Optional.of(T0.minusSeconds(10)));
        assertTrue(decide(w, s).plan().isEmpty());
    }

    @Test
    void rule3ConsultsTheWitness() {
        WatchdogState s =
                fresh().withTimer(
                                Optional.of(T0.minusSeconds(20)), Optional.of(T0.minusSeconds(10)));
        World sees = new World().peerGone();
        sees.witness = Optional.of(Observed.known(Answer.yes("witness reaches the peer"), World.L));
        assertTrue(
                decide(sees, s).plan().isEmpty(),
                "a cut link between the nodes is not a dead peer");
        World gone = new World().peerGone();
        gone.witness =
                Optional.of(Observed.known(Answer.no("witness does not reach the peer"), World.L));
        assertEquals(RuleName.RULE3, decide(gone, s).plan().orElseThrow().rule());
    }

    /**
     * A switchover to this node: repmgr stops the peer's database on purpose (its check port
     * refuses, the witness's pg_isready fails). Rule 3 holds while the switchover is under way, and
     * fires again once its deadline has passed (the command died).
     */
    @Test
    void rule3HoldsWhileASwitchoverToThisNodeIsUnderWay() {
        WatchdogState timer =
                fresh().withTimer(
                                Optional.of(T0.minusSeconds(20)), Optional.of(T0.minusSeconds(10)));
        WatchdogState switching =
                timer.withOperator(
                        Optional.of(
                                new WatchdogState.Operator.Switchover(
                                        T0.minusSeconds(10), T0.plusSeconds(290), "node1")));
        World gone = new World().peerGone();
        assertEquals(
                RuleName.RULE3,
                decide(gone, timer).plan().orElseThrow().rule(),
                "the same world without a switchover: Rule 3 fires");
        Decision d = decide(gone, switching);
        assertTrue(d.plan().isEmpty(), String.valueOf(d.plan()));
        assertTrue(
                d.notes().stream().anyMatch(n -> n.contains("switchover is under way")),
                d.notes().toString());
        assertEquals(switching.operator(), d.next().operator(), "kept while under way");

        WatchdogState stillTimed =
                switching.withTimer(
                        Optional.of(T0.plusSeconds(200)), Optional.of(T0.plusSeconds(295)));
        Decision late = decide(new World().peerGone().at(T0.plusSeconds(300)), stillTimed);
        assertEquals(Optional.empty(), late.next().operator(), "past its deadline: lifted");
        assertEquals(RuleName.RULE3, late.plan().orElseThrow().rule());
    }

    @Test
    void aLongGapBetweenObservationsRestartsTheTimer() {
        WatchdogState s =
                fresh().withTimer(
                                Optional.of(T0.minusSeconds(300)),
                                Optional.of(T0.minusSeconds(290)));
        Decision d = decide(new World().peerGone(), s);
        assertTrue(d.plan().isEmpty(), "a timer from before a long gap proves nothing about now");
        assertEquals(Optional.of(T0), d.next().routerAbsentSince());
    }

    @Test
    void aRule1ActionClearsTheRule3Timer() {
        WatchdogState s =
                fresh().withTimer(Optional.of(T0.minusSeconds(3)), Optional.of(T0.minusSeconds(1)));
        World w = new World().primaryDb().peerGone();
        Decision d = decide(w, s);
        assertEquals(RuleName.RULE1, d.plan().orElseThrow().rule());
        assertEquals(Optional.empty(), d.next().routerAbsentSince());
    }

    @Test
    void afterRule3TheStandbyIsNotDemotedUntilThePeersRouterIsBack() {
        WatchdogState s = fresh().withRoleChange(T0.minusSeconds(60), true);
        World w = new World().peerGone();
        w.env = World.env("ha-primary", SELF);
        w.activeRouter = World.registryWithAll(SELF);
        w.peerRouter = World.unreachable(PEER);
        Decision held = decide(w, s);
        assertTrue(held.plan().isEmpty(), String.valueOf(held.plan()));
        assertTrue(
                held.notes().stream().anyMatch(n -> n.contains("holding")),
                held.notes().toString());

        w.peerRouter =
                World.registryWithAll(PEER); // partition healed, the peer still holds the database
        w.peerNode = Observed.known(Answer.yes("accepted"), World.L);
        assertEquals(PlanKind.DEMOTE, decide(w, s).plan().orElseThrow().kind());
    }

    @Test
    void rule2RestartsExactlyTheMissingServices() {
        World w = new World();
        w.activeRouter = World.registry(PEER, List.of("GATEWAY", "DATASERVICE"));
        Decision d = decide(w, fresh());
        Plan p = d.plan().orElseThrow();
        assertEquals(PlanKind.REPAIR, p.kind());
        // On the secondary the peer's services of those types register first (they become MASTER).
        assertEquals(
                new GateCheck.RegistryActive("BASTION", PEER, PEER),
                ((Step.Gate) p.steps().get(0)).check());
        assertEquals(
                new GateCheck.RegistryActive("EDGE", PEER, PEER),
                ((Step.Gate) p.steps().get(1)).check());
        assertEquals(new Step.Restart(List.of("bastion", "edge")), p.steps().get(2));
        assertEquals(
                new GateCheck.RegistryActive("BASTION", PEER, SELF),
                ((Step.Gate) p.steps().get(3)).check());
        assertEquals(Map.of("bastion", once(T0), "edge", once(T0)), d.next().repairs());
    }

    @Test
    void rule2DoesNotWaitForAServiceItSawRegisteredBeforeTheRouterLostIt() {
        // The registry had all four of this node's types from containers started 5 s ago...
        World registered = new World();
        registered.containers = World.containers(List.of("router"), T0.minusSeconds(5));
        Decision seen = decide(registered, fresh());
        assertTrue(seen.plan().isEmpty());
        assertEquals(
                Map.of(
                        "gateway",
                        T0.minusSeconds(5),
                        "dataservice",
                        T0.minusSeconds(5),
                        "edge",
                        T0.minusSeconds(5),
                        "bastion",
                        T0.minusSeconds(5)),
                seen.next().registered(),
                "each container is remembered as registered");
        // ...then the router restarted empty: those containers register once, so they will not come
        // back.
        World lost = new World();
        lost.activeRouter = World.registry(PEER, List.of("GATEWAY", "DATASERVICE", "BASTION"));
        lost.containers = registered.containers;
        Plan p = decide(lost, seen.next()).plan().orElseThrow();
        assertEquals(
                PlanKind.REPAIR,
                p.kind(),
                "no repair_grace for a registration that was lost, not late");
        assertTrue(p.steps().contains(new Step.Restart(List.of("edge"))), p.steps().toString());
        // A new container of edge (restarted since) is young again and may still be registering.
        World restarted = new World();
        restarted.activeRouter = lost.activeRouter;
        restarted.containers = World.containers(List.of("router"), T0.minusSeconds(3));
        assertTrue(
                decide(restarted, seen.next()).plan().isEmpty(),
                "a container not seen registered gets repair_grace");
    }

    @Test
    void rule2LeavesAServiceThatJustStartedAndBacksOff() {
        World young = new World();
        young.activeRouter = World.registry(PEER, List.of("GATEWAY", "DATASERVICE", "BASTION"));
        young.containers = World.containers(List.of("router"), T0.minusSeconds(5));
        assertTrue(
                decide(young, fresh()).plan().isEmpty(),
                "edge started 5 s ago may still be registering");

        World old = new World();
        old.activeRouter = young.activeRouter;
        WatchdogState workedRecently =
                fresh().withRepairs(Map.of("edge", once(T0.minusSeconds(30))));
        assertEquals(
                PlanKind.REPAIR,
                decide(old, workedRecently).plan().orElseThrow().kind(),
                "a repair that worked is no reason to wait");
        WatchdogState failedRecently =
                fresh().withRepairs(
                                Map.of(
                                        "edge",
                                        new WatchdogState.Repairs(
                                                List.of(T0.minusSeconds(30)), true)));
        Decision waits = decide(old, failedRecently);
        assertTrue(
                waits.plan().isEmpty(), "its last repair failed 30 s ago: repair_backoff is 60 s");
        assertTrue(
                waits.notes().stream()
                        .anyMatch(n -> n.contains("its last repair, 30 s ago, failed")),
                waits.notes().toString());
        WatchdogState loop =
                fresh().withRepairs(
                                Map.of(
                                        "edge",
                                        new WatchdogState.Repairs(
                                                List.of(
                                                        T0.minusSeconds(400),
                                                        T0.minusSeconds(200),
                                                        T0.minusSeconds(30)),
                                                false)));
        Decision looping = decide(old, loop);
        assertTrue(looping.plan().isEmpty(), "3 repairs in 10 min: a crash loop");
        assertTrue(
                looping.notes().stream()
                        .anyMatch(n -> n.contains("crash loop: repaired 3 times in 10 min")),
                looping.notes().toString());
        // A router that restarted empty again and again loses every type at once: its fault, not a
        // crash loop of the
        // services; each repair worked, so each loss is repaired at once. A failed one still backs
        // off.
        World allLost = new World();
        allLost.activeRouter = World.registry(PEER, List.of());
        Map<String, WatchdogState.Repairs> thrice = new java.util.HashMap<>();
        for (String svc : List.of("gateway", "dataservice", "edge", "bastion")) {
            thrice.put(
                    svc,
                    new WatchdogState.Repairs(
                            List.of(
                                    T0.minusSeconds(400),
                                    T0.minusSeconds(200),
                                    T0.minusSeconds(30)),
                            false));
        }
        assertEquals(
                PlanKind.REPAIR,
                decide(allLost, fresh().withRepairs(thrice)).plan().orElseThrow().kind(),
                "the router's restarts are not the services' loop");
        thrice.put("edge", new WatchdogState.Repairs(List.of(T0.minusSeconds(30)), true));
        Plan rest = decide(allLost, fresh().withRepairs(thrice)).plan().orElseThrow();
        assertTrue(
                !rest.steps().contains(new Step.Restart(List.of("edge")))
                        && rest.steps().stream()
                                .noneMatch(
                                        st ->
                                                st.describe().contains("restart")
                                                        && st.describe().contains("edge")),
                "edge's last repair failed: it waits; the others do not " + rest.steps());
        WatchdogState longAgo =
                fresh().withRepairs(
                                Map.of(
                                        "edge",
                                        new WatchdogState.Repairs(
                                                List.of(
                                                        T0.minusSeconds(400),
                                                        T0.minusSeconds(200),
                                                        T0.minusSeconds(90)),
                                                true)));
        assertEquals(PlanKind.REPAIR, decide(old, longAgo).plan().orElseThrow().kind());
    }

    /**
     * The healthy default world with pgpool's Docker health set and SELECT 1 through it failing.
     */
    private static World wedgedPooler(String health) {
        World w = new World();
        w.pooler = Observed.known(Answer.no("all backend nodes are down"), World.L);
        Map<String, ContainerState> m = new java.util.TreeMap<>(w.containers.known().orElseThrow());
        m.put(
                "pgpool",
                new ContainerState(
                        "pgpool",
                        "id",
                        "stack_pgpool_1",
                        "running",
                        health,
                        T0.minusSeconds(3600),
                        0));
        w.containers = Observed.known(m, World.L);
        return w;
    }

    @Test
    void aWedgedPoolerIsRecreatedOnlyOnceDockerCallsItUnhealthy() {
        Decision d = decide(wedgedPooler("unhealthy"), fresh());
        Plan p = d.plan().orElseThrow();
        assertEquals(PlanKind.REPAIR, p.kind());
        assertEquals(new Step.Recreate(List.of("pgpool")), p.steps().get(0));
        assertEquals(new GateCheck.PoolerAnswers(), ((Step.Gate) p.steps().get(1)).check());
        assertEquals(Map.of("pgpool", once(T0)), d.next().repairs());

        assertTrue(
                decide(wedgedPooler("healthy"), fresh()).plan().isEmpty(),
                "one failed SELECT 1 is not yet a wedge");
        WatchdogState recently =
                fresh().withRepairs(
                                Map.of(
                                        "pgpool",
                                        new WatchdogState.Repairs(
                                                List.of(T0.minusSeconds(30)), true)));
        assertTrue(decide(wedgedPooler("unhealthy"), recently).plan().isEmpty(), "repair_backoff");
        World unknownDb = wedgedPooler("unhealthy");
        unknownDb.db = World.unknown();
        assertTrue(
                decide(unknownDb, fresh()).plan().isEmpty(),
                "the local database UNKNOWN: no action");
        World unknownPooler = wedgedPooler("unhealthy");
        unknownPooler.pooler = World.unknown();
        assertTrue(
                decide(unknownPooler, fresh()).plan().isEmpty(), "the pooler UNKNOWN: no action");
    }

    @Test
    void anUnhealthyServiceIsRestartedOnceThePoolerServes() {
        World w = new World();
        Map<String, ContainerState> m = new java.util.TreeMap<>(w.containers.known().orElseThrow());
        m.put(
                "dataservice",
                new ContainerState(
                        "dataservice",
                        "id",
                        "stack_dataservice_1",
                        "running",
                        "unhealthy",
                        T0.minusSeconds(3600),
                        0));
        w.containers = Observed.known(m, World.L);
        Decision d = decide(w, fresh());
        Plan p = d.plan().orElseThrow();
        assertTrue(
                p.steps().contains(new Step.Restart(List.of("dataservice"))), p.steps().toString());
        assertEquals(Map.of("dataservice", once(T0)), d.next().repairs());

        assertTrue(
                decide(
                                w,
                                fresh().withRepairs(
                                                Map.of(
                                                        "dataservice",
                                                        new WatchdogState.Repairs(
                                                                List.of(T0.minusSeconds(30)),
                                                                true))))
                        .plan()
                        .isEmpty(),
                "a failed repair 30 s ago: repair_backoff");
        w.pooler = Observed.known(Answer.no("refused"), World.L);
        assertTrue(
                decide(w, fresh()).plan().isEmpty(),
                "restarting it while the pooler does not serve would only break it again");
    }

    @Test
    void anInterruptedPromoteIsResumedWhileTheDatabaseIsStillPrimary() {
        // The previous tick wrote the .env and died: the profile already says primary.
        WatchdogState s =
                fresh().withRoleChange(T0.minusSeconds(5), false)
                        .withPending(
                                Optional.of(
                                        new WatchdogState.Pending(
                                                PlanKind.PROMOTE,
                                                RuleName.RULE1,
                                                "db primary",
                                                T0.minusSeconds(5))));
        World w = new World().primaryDb();
        w.env = World.env("ha-primary", SELF);
        Plan p = decide(w, s).plan().orElseThrow();
        assertEquals(PlanKind.PROMOTE, p.kind());
        assertTrue(p.reason().startsWith("resume PROMOTE"), p.reason());
    }

    @Test
    void anInterruptedPromoteIsDroppedWhenTheDatabaseIsNoLongerPrimary() {
        WatchdogState s =
                fresh().withPending(
                                Optional.of(
                                        new WatchdogState.Pending(
                                                PlanKind.PROMOTE,
                                                RuleName.RULE1,
                                                "db primary",
                                                T0.minusSeconds(60))));
        Decision d = decide(new World(), s);
        assertTrue(d.plan().isEmpty());
        assertEquals(Optional.empty(), d.next().pending());
    }

    @Test
    void roleChangesAreRateLimited() {
        WatchdogState s = fresh().withRoleChange(T0.minusSeconds(5), false);
        Decision d = decide(new World().primaryDb(), s);
        assertTrue(d.plan().isEmpty());
        assertTrue(
                d.notes().stream().anyMatch(n -> n.contains("min_role_change_interval")),
                d.notes().toString());
        assertEquals(
                PlanKind.PROMOTE,
                decide(new World().primaryDb().at(T0.plusSeconds(30)), s)
                        .plan()
                        .orElseThrow()
                        .kind());
    }

    @Test
    void pausedMeansNoAction() {
        WatchdogState s =
                fresh().withPaused(Optional.of(new WatchdogState.Pause(Instant.EPOCH, "test")));
        assertTrue(decide(new World().primaryDb(), s).plan().isEmpty());
    }

    @Test
    void anAmbiguousProfileIsNotActedOn() {
        World w = new World().primaryDb();
        w.env = World.env("ha-primary,ha-secondary", SELF);
        Decision d = decide(w, fresh());
        assertTrue(d.plan().isEmpty());
        assertTrue(d.notes().get(0).contains("COMPOSE_PROFILES"), d.notes().toString());
    }
}
