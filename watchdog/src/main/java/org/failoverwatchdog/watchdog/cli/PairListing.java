package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.SortedMap;
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
import org.failoverwatchdog.watchdog.rules.AppRole;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * `failover-watchdog list`: the whole pair as this node sees it, one row per node, like `patronictl
 * list`. Made from a {@link PairSnapshot} alone (no I/O), so every item that could not be read is
 * an UNKNOWN with its reason, never an exception.
 *
 * @param registry the registry the rows' types come from: the active router's, or another that
 *     answered
 * @param pairPause the pair's pause as each node's database shows it, by side; empty when not read
 */
record PairListing(
        Instant at,
        List<NodeRow> nodes,
        Observed<RegistryRead> registry,
        Optional<WitnessRow> witness,
        ThisWatchdog watchdog,
        Map<Side, Observed<PairPause>> pairPause) {
    private static final Duration NONE = Duration.ZERO;

    enum Side {
        SELF,
        PEER
    }

    /**
     * One node of the pair.
     *
     * @param app its app layer's role: this node's from its .env; the peer's from whether a router
     *     answers on its address (the router runs only in the primary app layer) and whether the
     *     registry lists its services
     * @param paused whether a pause holds the node's watchdog: this node's own or the pair's as its
     *     tick reads it; the peer's when its database shows the pair's, else UNKNOWN (its state
     *     file is on the peer, not read from here)
     * @param fenced the peer's only as far as its database shows it (primary and read-only)
     */
    record NodeRow(
            Side side,
            String name,
            String ip,
            Observed<DbState> db,
            Observed<Lag> lag,
            Observed<AppLayer> app,
            RouterCell router,
            Observed<Registered> registry,
            Observed<Answer> paused,
            Observed<Answer> fenced) {}

    /** How far a node's database is behind its primary. */
    sealed interface Lag
            permits Lag.NotApplicable, Lag.FromPrimary, Lag.NotStreaming, Lag.FromStandby {
        /** A primary, or a database that is down: no replay to be behind in. */
        record NotApplicable(DbRole role) implements Lag {}

        /**
         * From the primary's pg_stat_replication (the measure that counts).
         *
         * @param bytes behind the primary's current WAL position; empty before the standby replayed
         *     anything
         * @param seconds replay_lag; 0 when the primary reports none because the standby caught up
         *     (bytes 0) and no WAL came since
         */
        record FromPrimary(String primary, String state, OptionalLong bytes, OptionalDouble seconds)
                implements Lag {}

        /**
         * A standby the primary does not list: it does not stream from it (it may restore from an
         * archive, or be cut off).
         */
        record NotStreaming(String primary) implements Lag {}

        /**
         * The standby's own view, when the primary's could not be had: a lower bound.
         *
         * @param why why the primary's view is missing
         */
        record FromStandby(
                OptionalLong receivedNotReplayedBytes,
                OptionalDouble sinceLastReplaySeconds,
                String why)
                implements Lag {}
    }

    /**
     * @param evidence what the role was read from
     */
    record AppLayer(AppRole role, String evidence) {}

    /**
     * @param container this node's router container (running or not, and why); empty for the peer,
     *     whose Docker is not read from here
     */
    record RouterCell(Optional<Observed<Answer>> container, Observed<Answer> answers) {}

    /**
     * The node's service types (router.service_types) in the registry: each entry, or empty when
     * missing.
     */
    record Registered(SortedMap<String, Optional<RegistryEntry>> byType) {
        long active() {
            return byType.values().stream()
                    .filter(e -> e.map(RegistryEntry::active).orElse(false))
                    .count();
        }
    }

    /**
     * @param activeNotAnswering when the registry is not HA_ROUTER_IP's router's: that one's URL
     *     and why it was not read
     */
    record RegistryRead(RouterView.Registry registry, Optional<String> activeNotAnswering) {}

    /**
     * @param reach whether its host can be heard at all; @param seesPeer whether it reaches the
     *     peer (its check command)
     */
    record WitnessRow(String name, String ip, Observed<Reach> reach, Observed<Answer> seesPeer) {}

    /** This node's watchdog: its last tick and verdict, the guard, the last transition. */
    record ThisWatchdog(
            Observed<PairSnapshot.LastTick> lastTick,
            boolean guardEnabled,
            Optional<Instant> guardBeat,
            Observed<Optional<Journal.Entry>> lastTransition) {}

    static PairListing of(WatchdogConfig c, PairSnapshot s) {
        Observed<RegistryRead> registry = registry(s);
        List<NodeRow> nodes = new ArrayList<>();
        for (Side side : Side.values()) nodes.add(row(c, s, side, registry));
        Optional<WitnessRow> witness =
                c.witness()
                        .map(
                                w ->
                                        new WitnessRow(
                                                w.name(),
                                                w.ip(),
                                                s.obs()
                                                        .witnessReach()
                                                        .orElse(
                                                                Observed.unknown(
                                                                        "not observed", NONE)),
                                                s.witnessSeesPeer()
                                                        .orElse(
                                                                Observed.unknown(
                                                                        "not asked", NONE))));
        return new PairListing(
                s.obs().at(),
                List.copyOf(nodes),
                registry,
                witness,
                new ThisWatchdog(
                        s.lastTick(), c.guard().enabled(), s.guardBeat(), s.lastTransition()),
                s.pairPause());
    }

    /**
     * The side whose database answered as primary; this node's first (with two, status says
     * CRITICAL).
     */
    static Optional<Side> primary(Observed<DbState> self, Optional<Observed<DbState>> peer) {
        if (isRole(self, DbRole.PRIMARY)) return Optional.of(Side.SELF);
        if (peer.map(p -> isRole(p, DbRole.PRIMARY)).orElse(false)) return Optional.of(Side.PEER);
        return Optional.empty();
    }

    private static boolean isRole(Observed<DbState> db, DbRole role) {
        return db.known().map(d -> d.role() == role).orElse(false);
    }

    private static NodeRow row(
            WatchdogConfig c, PairSnapshot s, Side side, Observed<RegistryRead> registry) {
        boolean self = side == Side.SELF;
        WatchdogConfig.Node node = self ? c.node() : c.peer();
        Observed<DbState> db =
                self
                        ? s.obs().db()
                        : s.obs()
                                .peerDb()
                                .orElse(
                                        Observed.unknown(
                                                "not read: postgres.peer is not configured (fix: add postgres.peer: \"host="
                                                        + c.peer().ip()
                                                        + " port=5432 dbname=postgres user=watchdog\")",
                                                NONE));
        Observed<RouterView> router = self ? s.selfRouter() : s.obs().peerRouter();
        Observed<Answer> answers =
                router.map(
                        v ->
                                v instanceof RouterView.Registry r
                                        ? Answer.yes(
                                                r.url() + " (" + r.entries().size() + " entries)")
                                        : Answer.no(
                                                ((RouterView.Unreachable) v).url()
                                                        + " ("
                                                        + ((RouterView.Unreachable) v).reason()
                                                        + ")"));
        Optional<Observed<Answer>> container =
                self
                        ? Optional.of(
                                s.obs()
                                        .containers()
                                        .map(m -> container(m.get(c.router().service()))))
                        : Optional.empty();
        Observed<Registered> registered = registry.map(r -> registered(c, r.registry(), node.ip()));
        return new NodeRow(
                side,
                node.name(),
                node.ip(),
                db,
                lag(c, s, side, db),
                self ? selfApp(c, s) : peerApp(c, s, registry),
                new RouterCell(container, answers),
                registered,
                paused(c, s, side),
                fenced(c, s, side, db));
    }

    private static Answer container(ContainerState st) {
        if (st == null) return Answer.no("absent");
        return new Answer(st.running(), st.describe());
    }

    private static Registered registered(WatchdogConfig c, RouterView.Registry reg, String ip) {
        SortedMap<String, Optional<RegistryEntry>> byType = new TreeMap<>();
        for (String type : c.router().serviceTypes().keySet()) {
            byType.put(
                    type,
                    reg.entries().stream()
                            .filter(e -> e.type().equals(type) && e.nodeIp().equals(ip))
                            .findFirst());
        }
        return new Registered(byType);
    }

    /**
     * The active router's registry; when it does not answer, the other router that does (after a
     * Rule 3 promote, say).
     */
    private static Observed<RegistryRead> registry(PairSnapshot s) {
        Observed<RouterView> active = s.obs().activeRouter();
        if (active.known().orElse(null) instanceof RouterView.Registry r)
            return Observed.known(new RegistryRead(r, Optional.empty()), active.latency());
        String why =
                active.known().orElse(null) instanceof RouterView.Unreachable u
                        ? u.url() + " (" + u.reason() + ")"
                        : reason(active);
        for (Observed<RouterView> other : List.of(s.obs().peerRouter(), s.selfRouter())) {
            if (other.known().orElse(null) instanceof RouterView.Registry r)
                return Observed.known(new RegistryRead(r, Optional.of(why)), other.latency());
        }
        return Observed.unknown("no router answers; HA_ROUTER_IP's: " + why, active.latency());
    }

    private static Observed<AppLayer> selfApp(WatchdogConfig c, PairSnapshot s) {
        Observed<EnvValues> env = s.obs().env();
        if (!(env instanceof Observed.Known<EnvValues> k))
            return Observed.unknown(reason(env), env.latency());
        String profiles = k.value().profiles().orElse("");
        String evidence =
                "COMPOSE_PROFILES="
                        + profiles
                        + ", HA_ROUTER_IP="
                        + k.value().haRouterIp().orElse("")
                        + " in "
                        + c.compose().envFile();
        return AppRole.of(c, profiles)
                .map(r -> Observed.known(new AppLayer(r, evidence), env.latency()))
                .orElse(Observed.unknown(AppRole.unnamed(c, profiles), env.latency()));
    }

    /**
     * The router runs only in the primary app layer; a secondary's services still register with the
     * active router.
     */
    private static Observed<AppLayer> peerApp(
            WatchdogConfig c, PairSnapshot s, Observed<RegistryRead> registry) {
        Observed<RouterView> router = s.obs().peerRouter();
        if (!router.isKnown())
            return Observed.unknown("its router: " + reason(router), router.latency());
        if (router.known().get() instanceof RouterView.Registry r) {
            return Observed.known(
                    new AppLayer(
                            AppRole.PRIMARY, "a router answers on its address (" + r.url() + ")"),
                    router.latency());
        }
        String noRouter = "no router answers on its address";
        if (!(registry instanceof Observed.Known<RegistryRead> k)) {
            return Observed.unknown(
                    noRouter + ", and the registry could not be read: " + reason(registry),
                    router.latency());
        }
        long types =
                k.value().registry().entries().stream()
                        .filter(e -> e.nodeIp().equals(c.peer().ip()))
                        .map(RegistryEntry::type)
                        .distinct()
                        .count();
        if (types == 0) {
            return Observed.unknown(
                    noRouter
                            + ", and the registry lists none of its services: its app layer is down, or the node is",
                    router.latency());
        }
        return Observed.known(
                new AppLayer(
                        AppRole.SECONDARY,
                        noRouter
                                + "; "
                                + types
                                + " of its types are registered at "
                                + k.value().registry().url()),
                router.latency());
    }

    private static Observed<Lag> lag(
            WatchdogConfig c, PairSnapshot s, Side side, Observed<DbState> db) {
        Optional<DbState> known = db.known();
        if (known.isPresent() && known.get().role() != DbRole.STANDBY)
            return Observed.known(new Lag.NotApplicable(known.get().role()), NONE);
        WatchdogConfig.Node node = side == Side.SELF ? c.node() : c.peer();
        Observed<StandbyReplay> own =
                s.replay().getOrDefault(side, Observed.unknown("its own view was not read", NONE));
        String why;
        Optional<PairSnapshot.Replicas> replicas = s.replicas().filter(r -> r.primary() != side);
        if (replicas.isPresent()) {
            String primary = (replicas.get().primary() == Side.SELF ? c.node() : c.peer()).name();
            Observed<List<ReplicaLag>> rows = replicas.get().rows();
            if (rows instanceof Observed.Known<List<ReplicaLag>> k) {
                Optional<ReplicaLag> mine =
                        k.value().stream()
                                .filter(
                                        r ->
                                                r.clientAddr().filter(node.ip()::equals).isPresent()
                                                        || node.name().equals(r.applicationName()))
                                .findFirst();
                if (mine.isPresent())
                    return Observed.known(fromPrimary(primary, mine.get()), rows.latency());
                if (known.isPresent())
                    return Observed.known(new Lag.NotStreaming(primary), rows.latency());
                return Observed.unknown(
                        "not in "
                                + primary
                                + "'s pg_stat_replication, and its role is unknown: "
                                + reason(db),
                        rows.latency());
            }
            why = primary + "'s pg_stat_replication could not be read: " + reason(rows);
        } else {
            why = "no database of the pair answered as primary";
        }
        if (own instanceof Observed.Known<StandbyReplay> k) {
            return Observed.known(
                    new Lag.FromStandby(
                            k.value().receivedNotReplayedBytes(),
                            k.value().sinceLastReplaySeconds(),
                            why),
                    own.latency());
        }
        return Observed.unknown(
                why
                        + (known.isPresent()
                                ? "; its own view: " + reason(own)
                                : "; its role: " + reason(db)),
                own.latency());
    }

    private static Lag fromPrimary(String primary, ReplicaLag r) {
        // replay_lag goes NULL once the standby has caught up and no WAL came since: nothing is
        // behind.
        OptionalDouble seconds =
                r.replaySeconds().isPresent()
                        ? r.replaySeconds()
                        : r.replayBytes().isPresent() && r.replayBytes().getAsLong() == 0
                                ? OptionalDouble.of(0)
                                : OptionalDouble.empty();
        return new Lag.FromPrimary(primary, r.state(), r.replayBytes(), seconds);
    }

    private static Observed<Answer> paused(WatchdogConfig c, PairSnapshot s, Side side) {
        if (side == Side.PEER) {
            Optional<PairPause> seen =
                    Optional.ofNullable(s.pairPause().get(Side.PEER)).flatMap(Observed::known);
            if (seen.orElse(null) instanceof PairPause.Paused p)
                return Observed.known(
                        Answer.yes("the pair is " + p + " (its database shows it)"), NONE);
            return notReadHere(c);
        }
        Optional<String> pair =
                s.obs().pairPause().known().orElse(null) instanceof PairPause.Paused p
                        ? Optional.of("the pair is " + p)
                        : Optional.empty();
        if (!(s.state() instanceof Observed.Known<WatchdogState> st))
            return pair.map(x -> Observed.known(Answer.yes(x), NONE))
                    .orElse(Observed.unknown(reason(s.state()), NONE));
        Optional<WatchdogState.Pause> node = st.value().paused();
        if (node.isEmpty() && pair.isEmpty() && !s.obs().pairPause().isKnown())
            return Observed.unknown(
                    "the pair's pause cannot be read: "
                            + reason(s.obs().pairPause())
                            + " (only the fence acts)",
                    NONE);
        if (node.isEmpty() && pair.isEmpty()) return Observed.known(Answer.no(""), NONE);
        String detail =
                node.map(WatchdogState.Pause::toString).orElse("")
                        + (node.isPresent() && pair.isPresent() ? "; " : "")
                        + pair.orElse("");
        return Observed.known(Answer.yes(detail), NONE);
    }

    /**
     * The peer's fence is known here only as its database shows it: primary and read-only is what a
     * fence leaves.
     */
    private static Observed<Answer> fenced(
            WatchdogConfig c, PairSnapshot s, Side side, Observed<DbState> db) {
        if (side == Side.SELF) {
            return s.state()
                    .map(
                            st ->
                                    st.fenced()
                                            .map(
                                                    f ->
                                                            Answer.yes(
                                                                    "since "
                                                                            + f.since()
                                                                            + ": "
                                                                            + f.reason()))
                                            .orElse(Answer.no("")));
        }
        Optional<DbState> d = db.known().filter(x -> x.role() == DbRole.PRIMARY);
        if (d.isEmpty()) return notReadHere(c);
        return Observed.known(
                d.get().readOnly()
                        ? Answer.yes("its database is primary and read-only, as a fence leaves it")
                        : Answer.no("its database is primary and takes writes"),
                db.latency());
    }

    private static <T> Observed<T> notReadHere(WatchdogConfig c) {
        return Observed.unknown(
                "the peer's state file is not read from here (fix: failover-watchdog list on "
                        + c.peer().name()
                        + ")",
                NONE);
    }

    static String reason(Observed<?> o) {
        return o instanceof Observed.Unknown<?> u ? u.reason() : o.describe();
    }
}
