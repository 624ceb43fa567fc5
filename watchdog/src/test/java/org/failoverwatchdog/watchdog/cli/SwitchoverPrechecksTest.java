package org.failoverwatchdog.watchdog.cli;

import static org.failoverwatchdog.watchdog.cli.HandoverWorld.L;
import static org.failoverwatchdog.watchdog.cli.HandoverWorld.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RegistryEntry;
import org.failoverwatchdog.probes.ReplicaLag;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The switchover's prechecks from fixed observations: the healthy pair passes every one, and each
 * refusal names its check, what was seen and the fix, while the others still pass.
 */
class SwitchoverPrechecksTest {
    static final WatchdogConfig C = HandoverWorld.config("");
    static final SwitchoverPrechecks.Limits LIMITS = new SwitchoverPrechecks.Limits(16L << 20, 10);
    static final Observed<PairPause> PAIR_PAUSED =
            Observed.known(
                    new PairPause.Paused("alice", "node1", T0.minusSeconds(60), "db upgrade"), L);

    static Map<Precheck.Name, Precheck> run(WatchdogConfig c, HandoverWorld w, boolean lockFree) {
        Map<Precheck.Name, Precheck> m = new EnumMap<>(Precheck.Name.class);
        for (Precheck p : SwitchoverPrechecks.run(c, w.snapshot(), LIMITS, lockFree, T0))
            m.put(p.name(), p);
        return m;
    }

    @Test
    void theHealthyPairPassesEveryCheck() {
        Map<Precheck.Name, Precheck> m = run(C, new HandoverWorld(), true);
        assertEquals(9, m.size());
        m.values().forEach(p -> assertTrue(p.passed(), p.line()));
        assertEquals(
                "node2 streams from node1 (timeline 2)",
                m.get(Precheck.Name.TARGET_STANDBY).detail());
        assertTrue(
                m.get(Precheck.Name.LAG).detail().startsWith("8192 B behind, 0.3 s"),
                m.get(Precheck.Name.LAG).detail());
        assertEquals("no witness configured", m.get(Precheck.Name.WITNESS).detail());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal(
                        "this node already primary",
                        Precheck.Name.TARGET_STANDBY,
                        "already is primary",
                        w ->
                                w.db =
                                        Observed.known(
                                                new DbState(DbRole.PRIMARY, 2, "0/1", false, 0),
                                                L)),
                refusal(
                        "the peer is no primary",
                        Precheck.Name.TARGET_STANDBY,
                        "failover-watchdog failover --to node2",
                        w -> w.peerDb = Observed.known(DbState.down(), L)),
                refusal(
                        "not streaming yet",
                        Precheck.Name.TARGET_STANDBY,
                        "state catchup",
                        w ->
                                w.replicas =
                                        Observed.known(
                                                List.of(
                                                        new ReplicaLag(
                                                                "node2",
                                                                Optional.of(HandoverWorld.SELF),
                                                                "catchup",
                                                                OptionalLong.of(1 << 20),
                                                                OptionalDouble.of(3))),
                                                L)),
                refusal(
                        "lag in bytes",
                        Precheck.Name.LAG,
                        "33554432 B behind",
                        w ->
                                w.replicas =
                                        Observed.known(
                                                List.of(
                                                        new ReplicaLag(
                                                                "node2",
                                                                Optional.of(HandoverWorld.SELF),
                                                                "streaming",
                                                                OptionalLong.of(32L << 20),
                                                                OptionalDouble.of(0.5))),
                                                L)),
                refusal(
                        "lag in seconds",
                        Precheck.Name.LAG,
                        "12.0 s",
                        w ->
                                w.replicas =
                                        Observed.known(
                                                List.of(
                                                        new ReplicaLag(
                                                                "node2",
                                                                Optional.of(HandoverWorld.SELF),
                                                                "streaming",
                                                                OptionalLong.of(4096),
                                                                OptionalDouble.of(12))),
                                                L)),
                refusal(
                        "a router runs on the target",
                        Precheck.Name.APP_LAYERS,
                        "a router container runs on node2",
                        w -> w.containers = HandoverWorld.containers(true)),
                refusal(
                        "HA_ROUTER_IP not the primary",
                        Precheck.Name.APP_LAYERS,
                        "HA_ROUTER_IP is 10.0.0.99",
                        w -> w.env = HandoverWorld.env("ha-secondary", "10.0.0.99")),
                refusal(
                        "a type not ACTIVE",
                        Precheck.Name.APP_LAYERS,
                        "node2 has 3/4 types ACTIVE (EDGE SLAVE/STARTING)",
                        w -> {
                            RouterView.Registry r =
                                    (RouterView.Registry) w.peerRouter.known().orElseThrow();
                            w.peerRouter =
                                    Observed.known(
                                            new RouterView.Registry(
                                                    r.url(),
                                                    r.entries().stream()
                                                            .map(
                                                                    e ->
                                                                            e.type().equals("EDGE")
                                                                                            && e.nodeIp()
                                                                                                    .equals(
                                                                                                            HandoverWorld
                                                                                                                    .SELF)
                                                                                    ? new RegistryEntry(
                                                                                            "EDGE",
                                                                                            HandoverWorld
                                                                                                    .SELF,
                                                                                            "SLAVE",
                                                                                            "STARTING",
                                                                                            e
                                                                                                    .instanceId())
                                                                                    : e)
                                                            .toList()),
                                            L);
                        }),
                refusal(
                        "the .env unreadable",
                        Precheck.Name.COMPLETE_VIEW,
                        "this node's .env (no .env)",
                        w -> w.env = Observed.<EnvValues>unknown("no .env", L)),
                refusal(
                        "the peer's router unknown",
                        Precheck.Name.COMPLETE_VIEW,
                        "node1 router (answered HTML)",
                        w -> w.peerRouter = Observed.<RouterView>unknown("answered HTML", L)),
                refusal(
                        "paused",
                        Precheck.Name.NOT_PAUSED,
                        "this node's watchdog is paused since",
                        w ->
                                w.state =
                                        Observed.known(
                                                WatchdogState.initial()
                                                        .withPaused(
                                                                Optional.of(
                                                                        new WatchdogState.Pause(
                                                                                T0.minusSeconds(60),
                                                                                "db upgrade"))),
                                                Duration.ZERO)),
                refusal(
                        "the pair paused, as this node's database shows it",
                        Precheck.Name.NOT_PAUSED,
                        "the pair is paused by alice on node1 since",
                        w -> {
                            w.pairPause = PAIR_PAUSED;
                            w.pairPauseByDb.put(PairListing.Side.SELF, PAIR_PAUSED);
                        }),
                refusal(
                        "the pair paused on the primary, not yet replayed here",
                        Precheck.Name.NOT_PAUSED,
                        "(the peer's database)",
                        w -> w.pairPauseByDb.put(PairListing.Side.PEER, PAIR_PAUSED)),
                refusal(
                        "the pair's pause unreadable for this node's tick",
                        Precheck.Name.NOT_PAUSED,
                        "the pair's pause cannot be read (permission denied)",
                        w -> w.pairPause = Observed.unknown("permission denied", L)),
                refusal(
                        "the primary fenced",
                        Precheck.Name.NOT_FENCED,
                        "node1 is fenced",
                        w ->
                                w.peerDb =
                                        Observed.known(
                                                new DbState(
                                                        DbRole.PRIMARY, 2, "0/5000000", true, 1),
                                                L)),
                refusal(
                        "a plan pending",
                        Precheck.Name.NO_TRANSITION,
                        "a DEMOTE begun at",
                        w ->
                                w.state =
                                        Observed.known(
                                                WatchdogState.initial()
                                                        .withPending(
                                                                Optional.of(
                                                                        new WatchdogState.Pending(
                                                                                PlanKind.DEMOTE,
                                                                                RuleName.RULE1,
                                                                                "db standby",
                                                                                T0.minusSeconds(
                                                                                        40)))),
                                                Duration.ZERO)),
                refusal(
                        "another switchover",
                        Precheck.Name.NO_TRANSITION,
                        "a switchover from node1 is under way",
                        w ->
                                w.state =
                                        Observed.known(
                                                WatchdogState.initial()
                                                        .withOperator(
                                                                Optional.of(
                                                                        new WatchdogState.Operator
                                                                                .Switchover(
                                                                                T0.minusSeconds(5),
                                                                                T0.plusSeconds(295),
                                                                                "node1"))),
                                                Duration.ZERO)),
                refusal(
                        "a role change 5 s ago",
                        Precheck.Name.SETTLED,
                        "last role change was 5 s ago, min_role_change_interval is 20 s",
                        w ->
                                w.state =
                                        Observed.known(
                                                WatchdogState.initial()
                                                        .withRoleChange(T0.minusSeconds(5), false),
                                                Duration.ZERO)));
    }

    static Arguments refusal(
            String name, Precheck.Name check, String seen, Consumer<HandoverWorld> change) {
        return Arguments.of(name, check, seen, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void eachRefusalNamesItsCheckWhatWasSeenAndTheFix(
            String name, Precheck.Name check, String seen, Consumer<HandoverWorld> change) {
        HandoverWorld w = new HandoverWorld();
        change.accept(w);
        Map<Precheck.Name, Precheck> m = run(C, w, true);
        Precheck p = m.get(check);
        assertFalse(p.passed(), name + ": " + p.line());
        assertTrue(
                (p.detail() + " " + p.fix().orElse("")).contains(seen),
                name + ": expected '" + seen + "' in " + p.line());
        assertTrue(p.fix().isPresent() && !p.fix().get().isBlank(), p.line());
        assertTrue(p.line().startsWith("FAIL " + check.wire + ": "), p.line());
    }

    @Test
    void aTickHoldingTheLockIsATransition() {
        Precheck p = run(C, new HandoverWorld(), false).get(Precheck.Name.NO_TRANSITION);
        assertFalse(p.passed());
        assertTrue(p.detail().contains("tick.lock"), p.line());
    }

    @Test
    void theLimitsComeFromTheCallerAndAnExpiredSwitchoverIsNoTransition() {
        HandoverWorld w = new HandoverWorld();
        assertFalse(
                SwitchoverPrechecks.run(
                                C, w.snapshot(), new SwitchoverPrechecks.Limits(4096, 10), true, T0)
                        .stream()
                        .filter(p -> p.name() == Precheck.Name.LAG)
                        .findFirst()
                        .orElseThrow()
                        .passed(),
                "8192 B over a bound of 4096 B");
        w.state =
                Observed.known(
                        WatchdogState.initial()
                                .withOperator(
                                        Optional.of(
                                                new WatchdogState.Operator.Switchover(
                                                        T0.minusSeconds(600),
                                                        T0.minusSeconds(300),
                                                        "node1"))),
                        Duration.ZERO);
        assertTrue(run(C, w, true).get(Precheck.Name.NO_TRANSITION).passed());
    }

    @Test
    void theWitnessMustAnswerWhenThereIsOne() {
        WatchdogConfig withWitness = HandoverWorld.config(HandoverWorld.WITNESS);
        assertTrue(
                run(withWitness, new HandoverWorld().withWitness(Reach.Kind.ACCEPTS), true)
                        .get(Precheck.Name.WITNESS)
                        .passed());
        Precheck silent =
                run(withWitness, new HandoverWorld().withWitness(Reach.Kind.SILENT), true)
                        .get(Precheck.Name.WITNESS);
        assertFalse(silent.passed());
        assertTrue(silent.detail().startsWith("witness (10.0.0.13:5432): SILENT"), silent.line());
        assertTrue(silent.fix().orElseThrow().contains("fail over automatically"));
        Precheck unobserved =
                run(withWitness, new HandoverWorld(), true).get(Precheck.Name.COMPLETE_VIEW);
        assertFalse(unobserved.passed(), "configured but not observed: UNKNOWN");
    }
}
