package org.failoverwatchdog.watchdog.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RegistryEntry;
import org.failoverwatchdog.probes.RoleAndTimeline;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.testing.WatchdogYml;

/** A builder of observations for rule tests: a healthy secondary node (node2) by default. */
final class World {
    static final String SELF = "10.0.0.12";
    static final String PEER = "10.0.0.11";
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    static final Duration L = Duration.ofMillis(3);
    static final List<String> SERVICES =
            List.of(
                    "router",
                    "pgpool",
                    "gateway",
                    "dataservice",
                    "edge",
                    "bastion",
                    "ui",
                    "haproxy");

    static WatchdogConfig config(String extra) {
        return WatchdogYml.node2().config(extra);
    }

    Instant at = T0;
    Observed<DbState> db = Observed.known(new DbState(DbRole.STANDBY, 1, "0/3000000", false, 0), L);
    Observed<Answer> pooler = Observed.known(Answer.yes("2 ms"), L);
    Observed<EnvValues> env = env("ha-secondary", PEER);
    Observed<RouterView> activeRouter = registryWithAll(PEER);
    Observed<RouterView> peerRouter = null; // null: same as activeRouter
    Observed<Answer> peerNode = Observed.known(Answer.yes("accepted"), L);
    Observed<Map<String, ContainerState>> containers =
            containers(List.of("router"), T0.minusSeconds(3600));
    Optional<Observed<Answer>> witness = Optional.empty();
    Optional<Observed<DbState>> peerDb = Optional.empty();
    Observed<Reach> peerReach = Observed.known(new Reach(Reach.Kind.ACCEPTS, "accepted"), L);
    Optional<Observed<Reach>> witnessReach = Optional.empty();
    Observed<PairPause> pairPause = Observed.known(new PairPause.NotPaused(), L);
    Optional<Observed<RoleAndTimeline>> witnessPeerDb = Optional.empty();

    static Observed<EnvValues> env(String profiles, String routerIp) {
        return Observed.known(new EnvValues(Optional.of(profiles), Optional.of(routerIp)), L);
    }

    static Observed<RouterView> registryWithAll(String routerIp) {
        return registry(routerIp, List.of("GATEWAY", "DATASERVICE", "EDGE", "BASTION"));
    }

    /**
     * The router at routerIp lists every type from both nodes, except types listed in
     * missingFromSelf.
     */
    static Observed<RouterView> registry(String routerIp, List<String> selfTypes) {
        List<RegistryEntry> entries = new ArrayList<>();
        for (String t : List.of("GATEWAY", "DATASERVICE", "EDGE", "BASTION")) {
            entries.add(new RegistryEntry(t, PEER, "MASTER", "ACTIVE", t + "@" + PEER));
            if (selfTypes.contains(t))
                entries.add(new RegistryEntry(t, SELF, "SLAVE", "ACTIVE", t + "@" + SELF));
        }
        return Observed.known(
                new RouterView.Registry("http://" + routerIp + ":9000/router/rest/status", entries),
                L);
    }

    static Observed<RouterView> unreachable(String ip) {
        return Observed.known(
                new RouterView.Unreachable(
                        "http://" + ip + ":9000/router/rest/status", "connect timed out"),
                L);
    }

    /** Every service running since startedAt except those in absent. */
    static Observed<Map<String, ContainerState>> containers(
            List<String> absent, Instant startedAt) {
        Map<String, ContainerState> m = new TreeMap<>();
        for (String s : SERVICES) {
            if (!absent.contains(s))
                m.put(
                        s,
                        new ContainerState(
                                s,
                                "id-" + s,
                                "stack_" + s + "_1",
                                "running",
                                "healthy",
                                startedAt,
                                0));
        }
        return Observed.known(m, L);
    }

    static <T> Observed<T> unknown() {
        return Observed.unknown("probe failed", L);
    }

    World at(Instant t) {
        this.at = t;
        return this;
    }

    World primaryDb() {
        db = Observed.known(new DbState(DbRole.PRIMARY, 2, "0/5000000", false, 1), L);
        return this;
    }

    static Observed<DbState> dbDown() {
        return Observed.known(DbState.down(), L);
    }

    static Observed<DbState> dbPrimary(long timeline) {
        return Observed.known(new DbState(DbRole.PRIMARY, timeline, "0/6000000", false, 0), L);
    }

    /** This node runs the primary app layer (profile, HA_ROUTER_IP, its router). */
    World primaryAppLayer() {
        env = env("ha-primary", SELF);
        containers = containers(List.of(), T0.minusSeconds(3600));
        return this;
    }

    World peerGone() {
        activeRouter = unreachable(PEER);
        peerNode = Observed.known(Answer.no("connect timed out"), L);
        peerReach = Observed.known(new Reach(Reach.Kind.SILENT, "connect timed out"), L);
        return this;
    }

    Observations build() {
        return new Observations(
                at,
                db,
                pooler,
                env,
                activeRouter,
                peerRouter == null ? activeRouter : peerRouter,
                peerNode,
                containers,
                witness,
                peerDb,
                peerReach,
                witnessReach,
                pairPause,
                witnessPeerDb);
    }
}
