package org.failoverwatchdog.watchdog.cli;

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
import org.failoverwatchdog.watchdog.testing.WatchdogYml;

/**
 * The pair as the switchover's target, node2 (10.0.0.12), reads it, stage by stage: before the
 * switch (node1 primary, node2 its streaming standby), promoted, settled, the new app layer active,
 * the old one demoted. Every field may be changed before {@link #snapshot()}.
 */
final class HandoverWorld {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration L = Duration.ofMillis(3);
    static final String SELF = "10.0.0.12", PEER = "10.0.0.11";
    static final String URL_SELF = "http://10.0.0.12:9000/router/rest/status",
            URL_PEER = "http://10.0.0.11:9000/router/rest/status";
    static final List<String> TYPES = List.of("GATEWAY", "DATASERVICE", "EDGE", "BASTION");
    static final String WITNESS =
            "witness: {name: witness, ip: 10.0.0.13, ssh_key: /etc/hostname, known_hosts: /etc/hostname}\n";

    static WatchdogConfig config(String extra) {
        return WatchdogYml.node2().withPeerConninfo().config(extra);
    }

    Instant at = T0;
    Observed<DbState> db = Observed.known(new DbState(DbRole.STANDBY, 2, "0/4FFE000", true, 0), L);
    Observed<DbState> peerDb =
            Observed.known(new DbState(DbRole.PRIMARY, 2, "0/5000000", false, 1), L);
    Observed<EnvValues> env = env("ha-secondary", PEER);
    Observed<RouterView> selfRouter = unreachable(URL_SELF);
    Observed<RouterView> peerRouter = registry(URL_PEER, PEER, SELF);
    Observed<Map<String, ContainerState>> containers = containers(false);
    Observed<Answer> pooler = Observed.known(Answer.yes("2 ms"), L);
    Observed<Reach> peerReach = Observed.known(new Reach(Reach.Kind.ACCEPTS, "accepted"), L);
    Optional<Observed<Reach>> witnessReach = Optional.empty();
    Observed<List<ReplicaLag>> replicas = Observed.known(List.of(streaming("node2", SELF)), L);
    Map<PairListing.Side, Observed<StandbyReplay>> replay = new EnumMap<>(PairListing.Side.class);
    Observed<WatchdogState> state = Observed.known(WatchdogState.initial(), Duration.ZERO);

    /** The pair's pause as this node's tick reads it. */
    Observed<PairPause> pairPause = Observed.known(new PairPause.NotPaused(), L);

    /** The pair's pause as each database shows it (list's reads); empty: not read. */
    Map<PairListing.Side, Observed<PairPause>> pairPauseByDb =
            new EnumMap<>(PairListing.Side.class);

    static Observed<EnvValues> env(String profiles, String routerIp) {
        return Observed.known(new EnvValues(Optional.of(profiles), Optional.of(routerIp)), L);
    }

    static Observed<RouterView> unreachable(String url) {
        return Observed.known(new RouterView.Unreachable(url, "Connection refused"), L);
    }

    /** A router's registry: the master node's types MASTER/ACTIVE, then the others' SLAVE. */
    static Observed<RouterView> registry(String url, String master, String... others) {
        List<RegistryEntry> entries = new ArrayList<>();
        for (String t : TYPES) {
            entries.add(new RegistryEntry(t, master, "MASTER", "ACTIVE", t + "@" + master));
            for (String o : others)
                entries.add(new RegistryEntry(t, o, "SLAVE", "ACTIVE", t + "@" + o));
        }
        return Observed.known(new RouterView.Registry(url, entries), L);
    }

    static ReplicaLag streaming(String name, String ip) {
        return new ReplicaLag(
                name, Optional.of(ip), "streaming", OptionalLong.of(8192), OptionalDouble.of(0.25));
    }

    static Observed<Map<String, ContainerState>> containers(boolean router) {
        Map<String, ContainerState> m = new TreeMap<>();
        List<String> services =
                new ArrayList<>(
                        List.of(
                                "pgpool",
                                "gateway",
                                "dataservice",
                                "edge",
                                "bastion",
                                "ui",
                                "haproxy"));
        if (router) services.add("router");
        for (String s : services)
            m.put(
                    s,
                    new ContainerState(
                            s,
                            "id-" + s,
                            "stack_" + s + "_1",
                            "running",
                            "healthy",
                            T0.minusSeconds(3600),
                            0));
        return Observed.known(m, L);
    }

    /** repmgr promoted node2 and stopped node1's database. */
    HandoverWorld promoted() {
        db = Observed.known(new DbState(DbRole.PRIMARY, 3, "0/6000000", false, 0), L);
        peerDb = Observed.known(DbState.down(), L);
        replicas = Observed.known(List.of(), L);
        return this;
    }

    /** ... and rejoined node1 as node2's standby. */
    HandoverWorld settled() {
        promoted();
        db = Observed.known(new DbState(DbRole.PRIMARY, 3, "0/6000000", false, 1), L);
        peerDb = Observed.known(new DbState(DbRole.STANDBY, 3, "0/6000000", true, 0), L);
        replicas = Observed.known(List.of(streaming("node1", PEER)), L);
        return this;
    }

    /** node2's promote plan ran: its router up, its types registered there. */
    HandoverWorld newAppActive() {
        settled();
        env = env("ha-primary", SELF);
        containers = containers(true);
        selfRouter = registry(URL_SELF, SELF);
        return this;
    }

    /** node1's demote plan ran: its router gone, its services registered with node2's. */
    HandoverWorld oldDemoted() {
        newAppActive();
        peerRouter = unreachable(URL_PEER);
        selfRouter = registry(URL_SELF, SELF, PEER);
        return this;
    }

    HandoverWorld withWitness(Reach.Kind k) {
        witnessReach = Optional.of(Observed.known(new Reach(k, k.toString().toLowerCase()), L));
        return this;
    }

    PairSnapshot snapshot() {
        Observed<RouterView> active =
                env.known().flatMap(EnvValues::haRouterIp).orElse("").equals(SELF)
                        ? selfRouter
                        : peerRouter;
        Optional<Observed<Answer>> witnessSeesPeer =
                witnessReach.map(w -> Observed.<Answer>unknown("not asked", Duration.ZERO));
        Observations o =
                new Observations(
                        at,
                        db,
                        pooler,
                        env,
                        active,
                        peerRouter,
                        peerReach.map(Reach::asAnswer),
                        containers,
                        witnessSeesPeer,
                        Optional.of(peerDb),
                        peerReach,
                        witnessReach,
                        pairPause,
                        Optional.empty());
        Optional<PairSnapshot.Replicas> r =
                PairListing.primary(db, Optional.of(peerDb))
                        .map(side -> new PairSnapshot.Replicas(side, replicas));
        return new PairSnapshot(
                o,
                selfRouter,
                witnessSeesPeer,
                r,
                replay,
                state,
                Observed.known(
                        new PairSnapshot.LastTick(at.minusSeconds(4), Optional.of(Verdict.OK)),
                        Duration.ZERO),
                Optional.of(at.minusSeconds(1)),
                Observed.known(Optional.<Journal.Entry>empty(), Duration.ZERO),
                pairPauseByDb);
    }
}
