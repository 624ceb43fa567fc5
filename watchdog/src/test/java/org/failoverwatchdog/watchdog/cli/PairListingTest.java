package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.Json;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RegistryEntry;
import org.failoverwatchdog.probes.ReplicaLag;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.probes.StandbyReplay;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.testing.HealthyPrimary;
import org.failoverwatchdog.watchdog.testing.WatchdogYml;
import org.junit.jupiter.api.Test;

/**
 * `failover-watchdog list` rendered from fixed observations, text and JSON: the healthy pair from
 * either node, the lag from the primary, from the standby's own view, and not streaming, and every
 * item that cannot be read shown as UNKNOWN with its reason.
 */
class PairListingTest {
    static final ObjectMapper JSON = Json.MAPPER;
    static final Instant T0 = HealthyPrimary.T0;
    static final Duration L = Duration.ofMillis(3);
    static final String N1 = "10.0.0.11", N2 = "10.0.0.12";
    static final List<String> TYPES = List.of("GATEWAY", "DATASERVICE", "EDGE", "BASTION");
    static final String URL1 = "http://10.0.0.11:9000/router/rest/status",
            URL2 = "http://10.0.0.12:9000/router/rest/status";

    /**
     * The pair with node1 primary, seen from node1 (self) or node2 (peer); every field may be
     * changed before {@link #snapshot()}.
     */
    static final class Pair {
        final boolean fromPrimary;
        Observed<DbState> db, peerDb;
        Observed<EnvValues> env;
        Observed<RouterView> activeRouter, peerRouter, selfRouter;
        Observed<Map<String, ContainerState>> containers;
        Optional<Observed<Reach>> witnessReach = Optional.empty();
        Optional<Observed<Answer>> witnessSeesPeer = Optional.empty();
        Observed<List<ReplicaLag>> replicas;
        Map<PairListing.Side, Observed<StandbyReplay>> replay =
                new EnumMap<>(PairListing.Side.class);
        Observed<WatchdogState> state = Observed.known(WatchdogState.initial(), Duration.ZERO);
        Observed<PairSnapshot.LastTick> lastTick =
                Observed.known(
                        new PairSnapshot.LastTick(T0.minusSeconds(4), Optional.of(Verdict.OK)),
                        Duration.ZERO);
        Optional<Instant> guardBeat = Optional.of(T0.minusSeconds(1));
        Observed<Optional<Journal.Entry>> last =
                Observed.known(
                        Optional.of(
                                new Journal.Entry(
                                        T0.minusSeconds(600),
                                        "node1",
                                        "PROMOTE",
                                        "rule1",
                                        "db primary",
                                        true,
                                        25023,
                                        List.of())),
                        Duration.ZERO);

        Pair(boolean fromPrimary) {
            this.fromPrimary = fromPrimary;
            DbState primary = new DbState(DbRole.PRIMARY, 2, "0/5000000", false, 1),
                    standby = new DbState(DbRole.STANDBY, 2, "0/4FFE000", true, 0);
            db = Observed.known(fromPrimary ? primary : standby, L);
            peerDb = Observed.known(fromPrimary ? standby : primary, L);
            env =
                    Observed.known(
                            fromPrimary
                                    ? new EnvValues(Optional.of("ha-primary"), Optional.of(N1))
                                    : new EnvValues(Optional.of("ha-secondary"), Optional.of(N1)),
                            L);
            List<RegistryEntry> entries = new ArrayList<>();
            for (String t : TYPES) {
                entries.add(new RegistryEntry(t, N1, "MASTER", "ACTIVE", t + "@node1"));
                entries.add(new RegistryEntry(t, N2, "SLAVE", "ACTIVE", t + "@node2"));
            }
            Observed<RouterView> router1 =
                    Observed.known(new RouterView.Registry(URL1, entries), L);
            Observed<RouterView> router2 =
                    Observed.known(new RouterView.Unreachable(URL2, "Connection refused"), L);
            activeRouter = router1;
            peerRouter = fromPrimary ? router2 : router1;
            selfRouter = fromPrimary ? router1 : router2;
            Map<String, ContainerState> ctrs = new TreeMap<>();
            List<String> services =
                    new ArrayList<>(List.of("pgpool", "gateway", "dataservice", "edge", "bastion"));
            if (fromPrimary) services.add("router");
            for (String s : services)
                ctrs.put(
                        s,
                        new ContainerState(
                                s,
                                "id-" + s,
                                "stack_" + s + "_1",
                                "running",
                                "healthy",
                                T0.minusSeconds(3600),
                                0));
            containers = Observed.known(ctrs, L);
            replicas =
                    Observed.known(
                            List.of(
                                    new ReplicaLag(
                                            "node2",
                                            Optional.of(N2),
                                            "streaming",
                                            OptionalLong.of(8192),
                                            OptionalDouble.of(0.25))),
                            L);
        }

        WatchdogConfig config(String extra) {
            return (fromPrimary ? WatchdogYml.node1() : WatchdogYml.node2())
                    .withPeerConninfo()
                    .config(extra);
        }

        PairListing listing(String extra) {
            return PairListing.of(config(extra), snapshot());
        }

        PairSnapshot snapshot() {
            Observations o =
                    new Observations(
                            T0,
                            db,
                            Observed.known(Answer.yes("2 ms"), L),
                            env,
                            activeRouter,
                            peerRouter,
                            Observed.known(Answer.yes("accepted"), L),
                            containers,
                            witnessSeesPeer,
                            Optional.of(peerDb),
                            Observed.known(new Reach(Reach.Kind.ACCEPTS, "accepted"), L),
                            witnessReach);
            // As PairReader: the primary's view where a database answered as primary.
            Optional<PairSnapshot.Replicas> r =
                    PairListing.primary(db, Optional.of(peerDb))
                            .map(side -> new PairSnapshot.Replicas(side, replicas));
            return new PairSnapshot(
                    o, selfRouter, witnessSeesPeer, r, replay, state, lastTick, guardBeat, last);
        }
    }

    static String text(PairListing l) {
        return PairListingText.render(l);
    }

    static JsonNode json(PairListing l) {
        return JSON.valueToTree(PairListingJson.tree(l));
    }

    @Test
    void theHealthyPairFromThePrimary() {
        PairListing l = new Pair(true).listing("");
        assertEquals(
                """
                pair       node1 and node2, seen from node1 at 2026-11-30T06:20:00Z
                NODE          IP         DB       TL  LAG            APP        ROUTER                    REGISTRY    PAUSED      FENCED
                node1 (self)  10.0.0.11  PRIMARY  2   -              PRIMARY    running/healthy, answers  4/4 ACTIVE  no          no
                node2 (peer)  10.0.0.12  STANDBY  2   8192 B, 0.3 s  SECONDARY  no answer                 4/4 ACTIVE  UNKNOWN[1]  UNKNOWN[1]
                witness    not configured
                registry   http://10.0.0.11:9000/router/rest/status (HA_ROUTER_IP's router)
                tick       2026-11-30T06:19:56Z (4 s ago), verdict OK
                guard      beat 1 s ago
                last       2026-11-30T06:10:00Z PROMOTE (rule1) ok in 25023 ms
                [1] the peer's state file is not read from here (fix: failover-watchdog list on node2)
                """,
                text(l));
        JsonNode j = json(l);
        JsonNode peer = j.path("nodes").get(1);
        assertEquals("STANDBY", peer.path("database").path("role").asText());
        assertEquals("primary", peer.path("lag").path("source").asText());
        assertEquals(8192, peer.path("lag").path("bytes").asLong());
        assertEquals(0.25, peer.path("lag").path("seconds").asDouble(), 1e-9);
        assertEquals("SECONDARY", peer.path("app").path("role").asText());
        assertFalse(
                peer.path("router").has("container"), "the peer's Docker is not read from here");
        assertFalse(peer.path("router").path("answers").path("value").asBoolean());
        assertEquals(4, peer.path("registry").path("active").asInt());
        assertEquals("SLAVE/ACTIVE", peer.path("registry").path("types").path("EDGE").asText());
        assertTrue(
                peer.path("paused")
                        .path("unknown")
                        .asText()
                        .contains("failover-watchdog list on node2"),
                peer.toString());
        JsonNode self = j.path("nodes").get(0);
        assertEquals("self", self.path("side").asText());
        assertEquals("none", self.path("lag").path("source").asText());
        assertTrue(self.path("router").path("container").path("value").asBoolean());
        assertFalse(self.path("paused").path("value").asBoolean());
        assertEquals("OK", j.path("watchdog").path("lastTick").path("verdict").asText());
        assertEquals(4, j.path("watchdog").path("lastTick").path("ageS").asInt());
        assertTrue(j.path("witness").isNull());
    }

    @Test
    void theHealthyPairFromTheStandbyMatchesItsRowByApplicationName() {
        Pair p = new Pair(false);
        // Through a NAT, say: the primary sees another address; repmgr's application_name is the
        // node's name.
        p.replicas =
                Observed.known(
                        List.of(
                                new ReplicaLag(
                                        "node2",
                                        Optional.of("192.168.1.5"),
                                        "catchup",
                                        OptionalLong.of(3L << 20),
                                        OptionalDouble.of(12.5))),
                        L);
        String t = text(p.listing(""));
        assertTrue(
                t.contains(
                        "node2 (self)  10.0.0.12  STANDBY  2   3072 kB, 12.5 s catchup  SECONDARY  absent, no answer  4/4 ACTIVE  no "),
                t);
        assertTrue(
                t.contains(
                        "node1 (peer)  10.0.0.11  PRIMARY  2   -                        PRIMARY    answers            4/4 ACTIVE  UNKNOWN[1]  no\n"),
                "the peer's app role from its router, fenced from its database: " + t);
        JsonNode self = json(p.listing("")).path("nodes").get(0);
        assertEquals("node2", self.path("name").asText());
        assertEquals("catchup", self.path("lag").path("state").asText());
        assertEquals("node1", self.path("lag").path("primary").asText());
        assertEquals("absent", self.path("router").path("container").path("detail").asText());
    }

    @Test
    void aStandbyCaughtUpOnAnIdlePrimaryIsZeroSecondsBehind() {
        Pair p = new Pair(true);
        p.replicas =
                Observed.known(
                        List.of(
                                new ReplicaLag(
                                        "node2",
                                        Optional.of(N2),
                                        "streaming",
                                        OptionalLong.of(0),
                                        OptionalDouble.empty())),
                        L);
        assertTrue(text(p.listing("")).contains("  0 B, 0.0 s  "), text(p.listing("")));
        p.replicas =
                Observed.known(
                        List.of(
                                new ReplicaLag(
                                        "node2",
                                        Optional.of(N2),
                                        "startup",
                                        OptionalLong.empty(),
                                        OptionalDouble.empty())),
                        L);
        assertTrue(
                text(p.listing("")).contains("  ? B, ? s startup  "),
                "nothing replayed yet: not made up: " + text(p.listing("")));
    }

    @Test
    void withoutTheGrantTheLagIsTheStandbysOwnViewMarkedAsSuch() {
        Pair p = new Pair(false);
        p.replicas =
                Observed.unknown(
                        "PostgreSQL watchdog@10.0.0.11:5432/postgres: pg_stat_replication hides the standbys' details from this role"
                                + " (fix: GRANT pg_monitor TO watchdog)",
                        L);
        p.replay.put(
                PairListing.Side.SELF,
                Observed.known(new StandbyReplay(OptionalLong.of(0), OptionalDouble.of(3.14)), L));
        PairListing l = p.listing("");
        String t = text(l);
        assertTrue(t.contains("  ~0 B, 3.1 s[1]  "), t);
        assertTrue(
                t.contains(
                        "[1] node2 lag: its own view (WAL received but not replayed; age of the last replayed commit, which grows while the primary"
                                + " is idle), because node1's pg_stat_replication could not be read: PostgreSQL watchdog@10.0.0.11:5432/postgres: pg_stat_replication"
                                + " hides the standbys' details from this role (fix: GRANT pg_monitor TO watchdog)"),
                t);
        JsonNode lag = json(l).path("nodes").get(0).path("lag");
        assertEquals("standby", lag.path("source").asText());
        assertEquals(3.14, lag.path("sinceLastReplaySeconds").asDouble(), 1e-9);
        assertTrue(lag.path("why").asText().contains("GRANT pg_monitor"), lag.toString());

        p.replay.put(PairListing.Side.SELF, Observed.unknown("timeout", L));
        String both = text(p.listing(""));
        assertTrue(
                both.contains("  UNKNOWN[1]  ")
                        && both.contains("[1] node1's pg_stat_replication could not be read: ")
                        && both.contains("; its own view: timeout"),
                both);
    }

    @Test
    void aStandbyThePrimaryDoesNotListIsNotStreaming() {
        Pair p = new Pair(true);
        p.replicas = Observed.known(List.of(), L);
        String t = text(p.listing(""));
        assertTrue(t.contains("  not streaming[1]  "), t);
        assertTrue(
                t.contains(
                        "[1] node2 lag: not in node1's pg_stat_replication: it does not stream from node1"),
                t);
        assertEquals(
                "not streaming",
                json(p.listing("")).path("nodes").get(1).path("lag").path("state").asText());
    }

    @Test
    void everyItemThatCannotBeReadIsUnknownWithItsReason() {
        Pair p = new Pair(true);
        p.db =
                Observed.unknown(
                        "PostgreSQL watchdog@127.0.0.1:5432/postgres: The connection attempt failed.",
                        L);
        p.peerDb =
                Observed.unknown(
                        "PostgreSQL watchdog@10.0.0.12:5432/postgres: connect timed out", L);
        p.env = Observed.unknown("/opt/stack/.env: line 3: not KEY=VALUE", L);
        p.activeRouter =
                Observed.unknown("HA_ROUTER_IP is not set in /opt/stack/.env", Duration.ZERO);
        p.peerRouter =
                Observed.unknown("http://10.0.0.12:9000/router/rest/status answered HTML", L);
        p.selfRouter = Observed.known(new RouterView.Unreachable(URL1, "Connection refused"), L);
        p.containers =
                Observed.unknown("Docker unix:///var/run/docker.sock: connection refused", L);
        p.state =
                Observed.unknown(
                        "/var/lib/failover-watchdog/state.json: not JSON (line 1)", Duration.ZERO);
        p.lastTick = Observed.unknown("metrics.textfile is not configured", Duration.ZERO);
        p.last =
                Observed.unknown(
                        "/var/lib/failover-watchdog/journal.jsonl: cannot be read: Permission denied",
                        Duration.ZERO);
        p.guardBeat = Optional.empty();
        PairListing l = p.listing("");
        String t = text(l);
        List<String> lines = t.lines().toList();
        assertEquals(
                "node1 (self)  10.0.0.11  UNKNOWN[1]  -   UNKNOWN[2]  UNKNOWN[3]  UNKNOWN[4], no answer  UNKNOWN[5]  UNKNOWN[6]   UNKNOWN[6]",
                lines.get(2),
                t);
        assertEquals(
                "node2 (peer)  10.0.0.12  UNKNOWN[7]  -   UNKNOWN[8]  UNKNOWN[9]  UNKNOWN[10]            UNKNOWN[5]  UNKNOWN[11]  UNKNOWN[11]",
                lines.get(3),
                t);
        for (String reason :
                List.of(
                        "[1] PostgreSQL watchdog@127.0.0.1:5432/postgres: The connection attempt failed.",
                        "[3] /opt/stack/.env: line 3: not KEY=VALUE",
                        "[4] Docker unix:///var/run/docker.sock: connection refused",
                        "[5] no router answers; HA_ROUTER_IP's: HA_ROUTER_IP is not set in /opt/stack/.env",
                        "[6] /var/lib/failover-watchdog/state.json: not JSON (line 1)",
                        "[9] its router: http://10.0.0.12:9000/router/rest/status answered HTML")) {
            assertTrue(lines.contains(reason), reason + " in\n" + t);
        }
        assertTrue(t.contains("registry   UNKNOWN (no router answers"), t);
        assertTrue(t.contains("tick       UNKNOWN (metrics.textfile is not configured)"), t);
        assertTrue(t.contains("guard      no beat recorded"), t);
        assertTrue(
                t.contains(
                        "last       UNKNOWN (/var/lib/failover-watchdog/journal.jsonl: cannot be read: Permission denied)"),
                t);
        assertFalse(t.contains("Exception"), t);

        JsonNode j = json(l);
        JsonNode self = j.path("nodes").get(0);
        for (String item : List.of("database", "lag", "app", "registry", "paused", "fenced")) {
            assertTrue(self.path(item).path("unknown").isTextual(), item + ": " + self);
            assertEquals(
                    1,
                    self.path(item).size(),
                    "an unknown item has that one key: " + self.path(item));
        }
        assertTrue(
                self.path("router")
                        .path("container")
                        .path("unknown")
                        .asText()
                        .startsWith("Docker "),
                self.toString());
        assertTrue(j.path("watchdog").path("lastTick").path("unknown").isTextual());
        assertTrue(j.path("watchdog").path("guard").path("beatAgeS").isNull());
    }

    @Test
    void whenTheActiveRouterIsGoneTheRegistryOfTheOneThatAnswersIsShownAndNamed() {
        Pair p = new Pair(false);
        // node2 after its Rule 3 promote: its own router answers, node1's does not.
        List<RegistryEntry> entries = new ArrayList<>();
        for (String t : TYPES)
            entries.add(new RegistryEntry(t, N2, "MASTER", "ACTIVE", t + "@node2"));
        p.selfRouter = Observed.known(new RouterView.Registry(URL2, entries), L);
        p.activeRouter = Observed.known(new RouterView.Unreachable(URL1, "connect timed out"), L);
        p.peerRouter = p.activeRouter;
        p.peerDb =
                Observed.unknown(
                        "PostgreSQL watchdog@10.0.0.11:5432/postgres: connect timed out", L);
        p.replay.put(
                PairListing.Side.SELF,
                Observed.known(new StandbyReplay(OptionalLong.of(0), OptionalDouble.of(40)), L));
        String t = text(p.listing(""));
        assertTrue(
                t.contains(
                        "registry   http://10.0.0.12:9000/router/rest/status (not HA_ROUTER_IP's router, which was not read:"
                                + " http://10.0.0.11:9000/router/rest/status (connect timed out))"),
                t);
        assertTrue(t.contains("4/4 ACTIVE"), t);
        assertTrue(
                t.contains(
                        "0/4 ACTIVE (BASTION missing, DATASERVICE missing, EDGE missing, GATEWAY missing)"),
                t);
        assertTrue(
                t.contains(
                        "no router answers on its address, and the registry lists none of its services"),
                t);
        assertTrue(
                t.contains("~0 B, 40.0 s[")
                        && t.contains("because no database of the pair answered as primary"),
                t);
    }

    @Test
    void aWitnessAndThisNodesPauseAndFenceShowWithTheirDetails() {
        Pair p = new Pair(true);
        p.witnessReach =
                Optional.of(
                        Observed.known(
                                new Reach(Reach.Kind.ACCEPTS, "10.0.0.13:5432 accepted"), L));
        p.witnessSeesPeer =
                Optional.of(
                        Observed.known(
                                Answer.no("witness 10.0.0.13 does not reach the peer (exit 2)"),
                                L));
        p.state =
                Observed.known(
                        WatchdogState.initial()
                                .withPaused(
                                        Optional.of(
                                                new WatchdogState.Pause(
                                                        T0.minusSeconds(60), "db upgrade"))),
                        Duration.ZERO);
        p.peerDb = Observed.known(new DbState(DbRole.PRIMARY, 2, "0/5000000", true, 0), L);
        PairListing l =
                p.listing(
                        "witness: {name: w, ip: 10.0.0.13, ssh_key: /etc/hostname, known_hosts: /etc/hostname}\n");
        String t = text(l);
        assertTrue(
                t.contains(
                        "witness    w (10.0.0.13): heard (10.0.0.13:5432 accepted); does not see node2 (witness 10.0.0.13 does not reach the peer (exit 2))"),
                t);
        assertTrue(t.lines().toList().get(2).matches(".*  yes\\[1] +no"), t);
        assertTrue(t.contains("[1] node1 paused: since 2026-11-30T06:19:00Z: db upgrade"), t);
        assertTrue(t.contains("PRIMARY read-only"), "the peer's database as it is: " + t);
        assertTrue(
                t.contains(
                        "[3] node2 fenced: its database is primary and read-only, as a fence leaves it"),
                t);
        JsonNode w = json(l).path("witness");
        assertEquals("ACCEPTS", w.path("reach").path("kind").asText());
        assertFalse(w.path("seesPeer").path("value").asBoolean());
    }

    /**
     * The pair's pause: PAUSED yes on both rows when both databases show it (the peer's state file
     * is still not read), a line with who, when and why and each database's view; a standby that
     * has not replayed it yet says so.
     */
    @Test
    void thePairsPauseAsEachDatabaseShowsIt() throws Exception {
        PairPause.Paused alice =
                new PairPause.Paused("alice", "node1", T0.minusSeconds(120), "db upgrade");
        Pair p = new Pair(true);
        WatchdogConfig c = p.config("");
        PairSnapshot base = p.snapshot();
        PairListing both =
                PairListing.of(
                        c,
                        withPause(
                                base,
                                Observed.known(alice, L),
                                Observed.known(alice, L),
                                Observed.known(alice, L)));
        String t = text(both);
        assertTrue(t.lines().toList().get(2).matches(".*  yes\\[1] +no"), t);
        assertTrue(t.lines().toList().get(3).matches(".*  yes\\[2] +UNKNOWN\\[3]"), t);
        assertTrue(
                t.contains(
                        "pause      pair paused by alice on node1 since 2026-11-30T06:18:00Z: db upgrade"
                                + " (node1's database: shows it; node2's database: shows it)\n"),
                t);
        assertTrue(
                t.contains(
                        "[1] node1 paused: the pair is paused by alice on node1 since 2026-11-30T06:18:00Z: db upgrade"),
                t);
        JsonNode j = json(both);
        assertEquals("alice", j.path("pairPause").path("peer").path("by").asText(), j.toString());
        assertTrue(j.path("nodes").get(1).path("paused").path("value").asBoolean(), j.toString());

        PairListing lagging =
                PairListing.of(
                        c,
                        withPause(
                                base,
                                Observed.known(alice, L),
                                Observed.known(alice, L),
                                Observed.known(new PairPause.NotPaused(), L)));
        String l = text(lagging);
        assertTrue(
                l.contains(
                        "(node1's database: shows it; node2's database: not paused (it has not replayed it yet, or does not stream))"),
                "the standby has not replayed it: " + l);
        assertTrue(
                l.lines().toList().get(3).contains("UNKNOWN["),
                "its watchdog may still act, and its own pause is not read from here: " + l);

        PairListing quiet =
                PairListing.of(
                        c,
                        withPause(
                                base,
                                Observed.known(new PairPause.NotPaused(), L),
                                Observed.known(new PairPause.NotPaused(), L),
                                Observed.known(new PairPause.NotPaused(), L)));
        assertFalse(text(quiet).contains("pause      "), "not paused anywhere: the column says so");

        PairListing unreadable =
                PairListing.of(
                        c,
                        withPause(
                                base,
                                Observed.unknown("permission denied", L),
                                Observed.unknown("permission denied", L),
                                Observed.known(new PairPause.NoTable(), L)));
        String u = text(unreadable);
        assertTrue(
                u.lines().toList().get(2).contains("UNKNOWN["),
                "this node's tick cannot read it: " + u);
        assertTrue(u.contains("the pair's pause cannot be read: permission denied"), u);
        assertTrue(
                u.contains(
                        "pause      pair not known to be paused (node1's database: UNKNOWN[3]; node2's database: no failover_watchdog.pause)[4]"),
                u);
    }

    private static PairSnapshot withPause(
            PairSnapshot s,
            Observed<PairPause> tick,
            Observed<PairPause> self,
            Observed<PairPause> peer) {
        return new PairSnapshot(
                s.obs().withPairPause(tick),
                s.selfRouter(),
                s.witnessSeesPeer(),
                s.replicas(),
                s.replay(),
                s.state(),
                s.lastTick(),
                s.guardBeat(),
                s.lastTransition(),
                Map.of(PairListing.Side.SELF, self, PairListing.Side.PEER, peer));
    }

    @Test
    void bytesAreShownInPgSizePrettysUnits() {
        assertEquals("10239 B", PairListingText.bytes(OptionalLong.of(10239)));
        assertEquals("10 kB", PairListingText.bytes(OptionalLong.of(10240)));
        assertEquals("16 MB", PairListingText.bytes(OptionalLong.of(16L << 20)));
        assertEquals("? B", PairListingText.bytes(OptionalLong.empty()));
    }
}
