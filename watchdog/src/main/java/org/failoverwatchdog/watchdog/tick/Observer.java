package org.failoverwatchdog.watchdog.tick;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerProbe;
import org.failoverwatchdog.probes.DaemonThreads;
import org.failoverwatchdog.probes.DbReading;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.DockerApi;
import org.failoverwatchdog.probes.EnvProbe;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.JeremyRouterAdapter;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.PostgresProbe;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RoleAndTimeline;
import org.failoverwatchdog.probes.RouterProbe;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.probes.TcpProbe;
import org.failoverwatchdog.probes.WitnessProbe;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * Observes the whole world for one tick. The probes run in parallel, each bounded by its own
 * timeout, so a dead peer costs one timeout, not the sum of them.
 */
public final class Observer implements ObservationSource {
    private final WatchdogConfig c;
    private final PostgresProbe postgres;
    private final RouterProbe router;
    private final TcpProbe tcp;
    private final ContainerProbe containers;
    private final EnvProbe env = new EnvProbe();

    public Observer(WatchdogConfig c) {
        this.c = c;
        this.postgres = new PostgresProbe(c.thresholds().probeTimeout());
        this.router = new RouterProbe(c.thresholds().probeTimeout(), new JeremyRouterAdapter());
        this.tcp = new TcpProbe(c.thresholds().probeTimeout());
        this.containers =
                new ContainerProbe(new DockerApi(c.dockerHost(), c.thresholds().probeTimeout()));
    }

    public RouterProbe routerProbe() {
        return router;
    }

    public PostgresProbe postgresProbe() {
        return postgres;
    }

    public ContainerProbe containerProbe() {
        return containers;
    }

    /**
     * @param s the persisted state: an interrupted Rule 3 promote still needs the witness's word to
     *     be resumed
     */
    public Observations observe(WatchdogState s) {
        return observe(s, Optional.empty());
    }

    /**
     * @param round the guard's round that started this tick, if any. When it heard nothing from the
     *     peer's host, the tick does not wait out its own connects to a host that is gone: the
     *     round's connects (begun at its start, which becomes this observation's time) stand for
     *     the peer's and, with fencing, the witness's reach. With the local database primary, the
     *     peer's router and database are then not asked (UNKNOWN: Rule 3, the only rule that acts
     *     on the peer's router, is not in play), nor the pooler while the witness is silent too
     *     (only the fence acts on a primary that may be cut off, and a pgpool that waits for the
     *     lost peer would hold the fence back), nor the witness for the peer's database (the
     *     round's report stands for it). With Rule 3 in play the witness is asked beside the peer's
     *     router.
     */
    @Override
    public Observations observe(WatchdogState s, Optional<GuardRound> round) {
        ExecutorService pool = Executors.newFixedThreadPool(8, DaemonThreads.named("probe"));
        try {
            boolean peerSilent = round.map(GuardRound::peerSilent).orElse(false);
            Instant at = peerSilent ? round.get().at() : Instant.now();
            Observed<EnvValues> envObs = env.observe(c.compose().envFile());
            Optional<String> routerIp = envObs.known().flatMap(EnvValues::haRouterIp);
            var local = async(pool, () -> postgres.roleAndPause(c.postgres().local()));
            var db = local.thenApply(DbReading::role);
            var ctrs = async(pool, () -> containers.observe(c.compose().projectName()));
            Optional<Observed<Reach>> witnessHeard =
                    round.filter(r -> peerSilent).flatMap(GuardRound::witness);
            var witnessReach =
                    c.witness()
                            .map(
                                    w ->
                                            witnessHeard.isPresent()
                                                    ? CompletableFuture.completedFuture(
                                                            witnessHeard.get())
                                                    : async(
                                                            pool,
                                                            () ->
                                                                    tcp.reach(
                                                                            w.ip(),
                                                                            w.reachPort())));
            // The local role first only when the peer is silent: it decides what is worth waiting
            // for.
            boolean skipPeer = peerSilent && localPrimary(db.join());
            boolean cutOff = skipPeer && round.get().witnessSilent();
            var pooler =
                    cutOff
                            ? CompletableFuture.completedFuture(
                                    Observed.<Answer>unknown(
                                            "not asked: neither the peer nor the witness"
                                                    + " answered the guard's connects, and only the fence acts on a primary that may be cut off",
                                            Duration.ZERO))
                            : async(pool, () -> postgres.selectOne(c.postgres().pooler()));
            String notAsked =
                    "not asked: the peer's host did not answer the guard's connect at the start of this tick"
                            + " and the local database is primary";
            var peerReach =
                    peerSilent
                            ? CompletableFuture.completedFuture(round.get().peer())
                            : async(
                                    pool,
                                    () -> tcp.reach(c.peer().ip(), c.thresholds().peerPort()));
            var peerDb =
                    c.postgres()
                            .peer()
                            .map(
                                    p ->
                                            skipPeer
                                                    ? CompletableFuture.completedFuture(
                                                            Observed.<DbState>unknown(
                                                                    notAsked, Duration.ZERO))
                                                    : async(pool, () -> postgres.role(p)));
            // A guard's tick on a silent peer takes the guard's report (the guard asks on its own
            // and ticks at once on a promotion): a tick that promotes this node must not wait for
            // the witness to time out on a peer that is gone.
            var witnessPeerDb =
                    peerSilent
                            ? CompletableFuture.completedFuture(round.get().witnessPeerDb())
                            : witnessPeerDb(pool, db, peerDb);
            var peerRouter =
                    skipPeer
                            ? CompletableFuture.completedFuture(
                                    Observed.<RouterView>unknown(notAsked, Duration.ZERO))
                            : async(pool, () -> router.observe(c.router().urlFor(c.peer().ip())));
            CompletableFuture<Observed<RouterView>> active;
            if (routerIp.isEmpty()) {
                active =
                        CompletableFuture.completedFuture(
                                Observed.unknown(
                                        "HA_ROUTER_IP is not set in " + c.compose().envFile(),
                                        Duration.ZERO));
            } else if (routerIp.get().equals(c.peer().ip())) {
                active = peerRouter;
            } else {
                active = async(pool, () -> router.observe(c.router().urlFor(routerIp.get())));
            }
            // With the local database primary, Rule 1 decides and Rule 3 is not in play: no SSH to
            // the witness.
            boolean rule3InPlay =
                    (routerIp.filter(c.node().ip()::equals).isEmpty() && !localPrimary(db.join()))
                            || s.pending().filter(p -> p.rule() == RuleName.RULE3).isPresent();
            // A silent peer's router will most likely not answer either: ask the witness meanwhile.
            var early =
                    c.witness()
                            .filter(w -> rule3InPlay && peerSilent)
                            .map(w -> async(pool, () -> askWitness(w)));
            Observed<RouterView> peerView = peerRouter.join();
            Optional<Observed<Answer>> witness =
                    c.witness()
                            .map(
                                    w -> {
                                        if (!rule3InPlay)
                                            return Observed.unknown(
                                                    "not asked: the active router is this node's, or the local database is primary",
                                                    Duration.ZERO);
                                        if (!(peerView.known().orElse(null)
                                                instanceof RouterView.Unreachable)) {
                                            return Observed.unknown(
                                                    "not asked: the peer's router is not unreachable",
                                                    Duration.ZERO);
                                        }
                                        return early.map(CompletableFuture::join)
                                                .orElseGet(() -> askWitness(w));
                                    });
            Observed<Reach> peer = peerReach.join();
            Observed<PairPause> pairPause = pairPause(local.join().pairPause(), skipPeer);
            return new Observations(
                    at,
                    db.join(),
                    pooler.join(),
                    envObs,
                    active.join(),
                    peerView,
                    peer.map(Reach::asAnswer),
                    ctrs.join(),
                    witness,
                    peerDb.map(CompletableFuture::join),
                    peer,
                    witnessReach.map(CompletableFuture::join),
                    pairPause,
                    witnessPeerDb.join());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The pair's pause as the local database shows it; when that cannot be read (it is down, say,
     * while the peer's database was promoted: Rule 1 must still demote this app layer), as the
     * peer's does, asked only then. UNKNOWN when neither can be read.
     */
    private Observed<PairPause> pairPause(Observed<PairPause> local, boolean peerNotAsked) {
        if (local.isKnown() || peerNotAsked || c.postgres().peer().isEmpty()) return local;
        Observed<PairPause> peer = postgres.pairPause(c.postgres().peer().get());
        Duration took = local.latency().plus(peer.latency());
        if (peer instanceof Observed.Known<PairPause> k) return Observed.known(k.value(), took);
        return Observed.unknown(
                ((Observed.Unknown<PairPause>) local).reason()
                        + "; the peer's: "
                        + ((Observed.Unknown<PairPause>) peer).reason(),
                took);
    }

    /**
     * Asks the witness whether it reaches the peer, whatever the rules need (`failover-watchdog
     * list` shows it); empty without a witness. Bounded as the tick's own question is.
     */
    public Optional<Observed<Answer>> witnessSeesPeer() {
        return c.witness().map(this::askWitness);
    }

    private static boolean localPrimary(Observed<DbState> db) {
        return db.known().map(d -> d.role() == DbRole.PRIMARY).orElse(false);
    }

    /**
     * The witness is asked only when Rule 3 is in play (the active router is elsewhere and the
     * local database is not primary, or a Rule 3 promote is to be resumed) and the peer's router is
     * unreachable. SSH on every quiet tick of a primary (which never sees a router on its
     * secondary) would be waste.
     */
    private Observed<Answer> askWitness(WatchdogConfig.Witness w) {
        return witnessProbe(c, w).seesPeer(w.checkCommand().replace("{peer}", c.peer().ip()));
    }

    /**
     * The peer's database as the witness reads it, asked only when the local database is primary
     * and the peer's own cannot be read here: the one moment a promotion of the peer (repmgr's
     * choice across a cut between the nodes) could go unseen. Begins as soon as the peer's read
     * ended (at once when it was not asked).
     */
    private CompletableFuture<Optional<Observed<RoleAndTimeline>>> witnessPeerDb(
            ExecutorService pool,
            CompletableFuture<Observed<DbState>> db,
            Optional<CompletableFuture<Observed<DbState>>> peerDb) {
        // Only the fence acts on the answer.
        if (!c.fencing().enabled()
                || c.witness().flatMap(WatchdogConfig.Witness::peerDbCommand).isEmpty())
            return CompletableFuture.completedFuture(Optional.empty());
        return peerDb.map(f -> f.thenApply(Observed::isKnown))
                .orElse(CompletableFuture.completedFuture(false))
                .thenApplyAsync(
                        read ->
                                read || !localPrimary(db.join())
                                        ? Optional.empty()
                                        : askWitnessPeerDb(c),
                        pool);
    }

    /**
     * The witness's report of the peer's database (its peer_db_command); empty without a witness or
     * with the command turned off.
     */
    public static Optional<Observed<RoleAndTimeline>> askWitnessPeerDb(WatchdogConfig c) {
        if (c.witness().isEmpty() || c.witness().get().peerDbCommand().isEmpty())
            return Optional.empty();
        WatchdogConfig.Witness w = c.witness().get();
        String command = w.peerDbCommand().get().replace("{peer}", c.peer().ip());
        return Optional.of(witnessProbe(c, w).peerDb(command));
    }

    private static WitnessProbe witnessProbe(WatchdogConfig c, WatchdogConfig.Witness w) {
        return new WitnessProbe(
                c.thresholds().probeTimeout(),
                w.ip(),
                w.sshPort(),
                w.sshUser(),
                w.sshKey(),
                w.knownHosts());
    }

    private static <T> CompletableFuture<T> async(ExecutorService pool, Supplier<T> s) {
        return CompletableFuture.supplyAsync(s, pool);
    }
}
