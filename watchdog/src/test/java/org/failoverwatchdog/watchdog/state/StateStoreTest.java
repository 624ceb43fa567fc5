package org.failoverwatchdog.watchdog.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir Path dir;

    @Test
    void roundTrip() throws Exception {
        StateStore store = new StateStore(dir);
        Instant t = Instant.parse("2026-11-21T10:00:00Z");
        WatchdogState s =
                WatchdogState.initial()
                        .withTimer(Optional.of(t), Optional.of(t.plusSeconds(10)))
                        .withPending(
                                Optional.of(
                                        new WatchdogState.Pending(
                                                PlanKind.PROMOTE, RuleName.RULE3, "peer gone", t)))
                        .withRepairs(
                                Map.of(
                                        "edge",
                                        new WatchdogState.Repairs(
                                                java.util.List.of(t, t.plusSeconds(5)), true)))
                        .withRule3Promoted(true)
                        .withIsolation(
                                Optional.of(new WatchdogState.Isolation(t, t.plusSeconds(1))))
                        .withFenced(
                                Optional.of(
                                        new WatchdogState.Fence(
                                                t.plusSeconds(2), "peer and witness silent")));
        store.save(s);
        assertEquals(s, store.load());
        assertEquals(WatchdogState.initial(), new StateStore(dir.resolve("none")).load());
    }

    @Test
    void anOperatorsSwitchoverOrAssertionRoundTripsAndAnUnknownKindIsCorrupt() throws Exception {
        StateStore store = new StateStore(dir);
        Instant t = Instant.parse("2026-11-21T10:00:00Z");
        for (WatchdogState.Operator o :
                java.util.List.of(
                        new WatchdogState.Operator.Switchover(t, t.plusSeconds(300), "node1"),
                        new WatchdogState.Operator.PeerGone(
                                t, "alice", "node1: PostgreSQL silent, router unreachable"))) {
            WatchdogState s = WatchdogState.initial().withOperator(Optional.of(o));
            store.save(s);
            assertEquals(s, store.load());
        }
        store.save(WatchdogState.initial());
        assertEquals(Optional.empty(), store.load().operator(), "absent: none");
        Files.writeString(
                dir.resolve("state.json"),
                "{\"version\":1,\"operator\":{\"kind\":\"coup\",\"since\":\"2026-11-21T10:00:00Z\"}}");
        StateStore.CorruptStateException e =
                assertThrows(StateStore.CorruptStateException.class, store::load);
        assertTrue(e.getMessage().contains("operator.kind 'coup'"), e.getMessage());
    }

    @Test
    void aStateFileOfTheEarlierFormatIsRead() throws Exception {
        Files.writeString(
                dir.resolve("state.json"),
                "{\"version\":1,\"rule3Promoted\":false,\"lastRepair\":{\"edge\":\"2026-11-21T10:00:00Z\"}}");
        assertEquals(
                Map.of(
                        "edge",
                        new WatchdogState.Repairs(
                                java.util.List.of(Instant.parse("2026-11-21T10:00:00Z")), false)),
                new StateStore(dir).load().repairs());
    }

    @Test
    void anInterruptedPlanIsReadAndWrittenUnderTheNamesItAlwaysHad() throws Exception {
        Path f = dir.resolve("state.json");
        Files.writeString(
                f,
                "{\"version\":1,\"pending\":{\"kind\":\"REJOIN\",\"rule\":\"fence\",\"reason\":\"stale\",\"startedAt\":\"2026-11-21T10:00:00Z\"}}");
        StateStore store = new StateStore(dir);
        WatchdogState s = store.load();
        assertEquals(
                Optional.of(
                        new WatchdogState.Pending(
                                PlanKind.REJOIN,
                                RuleName.FENCE,
                                "stale",
                                Instant.parse("2026-11-21T10:00:00Z"))),
                s.pending());
        store.save(
                s.withPending(
                        Optional.of(
                                new WatchdogState.Pending(
                                        PlanKind.PROMOTE,
                                        RuleName.RULE3,
                                        "peer gone",
                                        Instant.parse("2026-11-21T10:00:00Z")))));
        String saved = Files.readString(f);
        assertTrue(
                saved.contains("\"kind\" : \"PROMOTE\"") && saved.contains("\"rule\" : \"rule3\""),
                saved);

        Files.writeString(
                f,
                "{\"version\":1,\"pending\":{\"kind\":\"SWITCHOVER\",\"rule\":\"rule1\",\"reason\":\"x\",\"startedAt\":\"2026-11-21T10:00:00Z\"}}");
        StateStore.CorruptStateException e =
                assertThrows(StateStore.CorruptStateException.class, store::load);
        assertTrue(
                e.problem().startsWith("pending.kind 'SWITCHOVER' is none of [PROMOTE, DEMOTE,"),
                e.problem());
        Files.writeString(
                f,
                "{\"version\":1,\"pending\":{\"kind\":\"PROMOTE\",\"rule\":\"RULE1\",\"reason\":\"x\",\"startedAt\":\"2026-11-21T10:00:00Z\"}}");
        e = assertThrows(StateStore.CorruptStateException.class, store::load);
        assertEquals("pending.rule 'RULE1' is none of [rule1, rule2, rule3, fence]", e.problem());
    }

    @Test
    void aCorruptStateFileIsReportedAndKept() throws Exception {
        Path f = dir.resolve("state.json");
        Files.writeString(f, "{\"version\":1,\"routerAbsentSince\":\"yesterday\"}");
        StateStore.CorruptStateException e =
                assertThrows(
                        StateStore.CorruptStateException.class, () -> new StateStore(dir).load());
        assertTrue(
                e.getMessage().contains("routerAbsentSince is not an ISO-8601 time"),
                e.getMessage());
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
        Files.writeString(f, "{\"version\":1, trunc");
        assertThrows(StateStore.CorruptStateException.class, () -> new StateStore(dir).load());
        assertEquals(
                "{\"version\":1, trunc",
                Files.readString(f),
                "nothing is lost: the file is left for the operator");
    }

    @Test
    void aMissingFileIsAFreshStartAndTheMarkIsKeptUntilSettled() throws Exception {
        StateStore store = new StateStore(dir);
        assertEquals(WatchdogState.fresh(), store.loadOrFresh());
        store.save(WatchdogState.fresh());
        assertTrue(Files.readString(store.file()).contains("\"startedFresh\" : true"));
        assertEquals(WatchdogState.fresh(), store.loadOrFresh());
        store.save(WatchdogState.initial());
        assertTrue(
                !Files.readString(store.file()).contains("startedFresh"),
                "written only while it holds: older versions never see it");
        assertEquals(WatchdogState.initial(), store.loadOrFresh());
        Files.writeString(store.file(), "{\"version\":1,\"startedFresh\":\"yes\"}");
        StateStore.CorruptStateException e =
                assertThrows(StateStore.CorruptStateException.class, store::loadOrFresh);
        assertEquals("startedFresh is not true/false", e.problem());
    }
}
