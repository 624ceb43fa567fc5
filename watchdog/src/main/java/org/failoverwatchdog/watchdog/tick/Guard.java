package org.failoverwatchdog.watchdog.tick;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.failoverwatchdog.probes.DaemonThreads;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.DockerApi;
import org.failoverwatchdog.probes.EnvProbe;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.JeremyRouterAdapter;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PostgresProbe;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RegistryEntry;
import org.failoverwatchdog.probes.RoleAndTimeline;
import org.failoverwatchdog.probes.RouterProbe;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.probes.TcpProbe;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resident guard: runs the ticks in one warm process (a cold JVM per tick costs a second of
 * CPU, a warm tick a tenth of that), and at once when the timer's period is too slow. Every
 * sample_interval it samples the local database's role and timeline and, with fencing, the peer's
 * and the witness's reachability (one TCP connect each). It ticks when tick_interval has passed,
 * when the database's role or timeline changed (repmgr promoted or rejoined it; the role alone is
 * also read four times per sample between rounds, so the app layer starts to follow within a
 * quarter of a sample), when what the active router lists from this node changes (it restarted
 * empty: Rule 2), when the peer's host falls silent (the Rule 3 timer starts) and when that timer
 * comes due, while the peer and the witness are both silent (a fence must beat repmgr's promotion
 * of the peer), when the witness reads the peer's database as a newer primary while only the peer
 * is silent to this primary (repmgr promoted it across a cut between the nodes: the witness is
 * asked every sample meanwhile), and while this node is fenced. The ticks are the tick: the same
 * rules, state and lock. It never acts itself.
 *
 * <p>It beats (touches {@value #BEAT} in the state directory) while it makes progress; the timer's
 * tick stands by while the beat is fresh and takes over, and restarts the guard, when it is not.
 */
public final class Guard {
    public static final String BEAT = "guard.beat";
    private static final Logger log = LoggerFactory.getLogger(Guard.class);

    /**
     * A tick may run this long (the unit's TimeoutStartSec) before a guard stuck in it stops
     * beating.
     */
    private static final Duration LONGEST_TICK = Duration.ofSeconds(300);

    /**
     * Outside a tick the loop comes round every sample_interval: this long without it is a stuck
     * guard.
     */
    private static final Duration LONGEST_SAMPLE = Duration.ofSeconds(30);

    /**
     * The local role is read this many times per sample between rounds: repmgr's promotion is seen
     * within a quarter of a sample (a query on a kept connection, a fraction of a millisecond).
     */
    private static final int ROLE_WATCHES_PER_SAMPLE = 4;

    /**
     * How long after the peer falls silent repmgr may still promote it (its reconnect attempts at
     * their defaults take about a minute): the witness is asked often meanwhile.
     */
    private static final Duration PROMOTION_WINDOW = Duration.ofMinutes(5);

    private final WatchdogConfig c;
    private final TcpProbe tcp;
    private final PostgresProbe.Session db;
    private final Optional<PostgresProbe.Session> peerDb;
    private final DockerApi docker;
    private final RouterProbe router;
    private final EnvProbe env = new EnvProbe();
    private final Tick tick;
    private final StateStore store;
    private final Optional<WatchdogConfig.Witness> witness;

    /**
     * Its own threads: the common pool has one thread on two CPUs, and the samples must run side by
     * side.
     */
    private final ExecutorService samplers =
            Executors.newFixedThreadPool(5, DaemonThreads.named("guard-sample"));

    private final AtomicLong lastRound = new AtomicLong(System.nanoTime());

    /** One round at a time, whichever task starts it. */
    private final ReentrantLock rounds = new ReentrantLock();

    /** When the running tick began; 0 between ticks. */
    private final AtomicLong tickSince = new AtomicLong();

    // Touched by the round task only (one at a time).
    private boolean wasSilent;
    private Optional<DbState> lastDb = Optional.empty();
    private Optional<DbState> lastPeerDb = Optional.empty();
    private Optional<String> lastRegistered = Optional.empty();
    private Optional<GuardRound> previousRound = Optional.empty();
    private boolean dockerWasUp;
    private boolean peerWasSilent;
    private long lastTick;

    /** The witness's report of the peer's database, its question in flight, when it was asked. */
    private Optional<Observed<RoleAndTimeline>> witnessReport = Optional.empty();

    private CompletableFuture<Optional<Observed<RoleAndTimeline>>> asking;
    private long askedAt;
    private long cutSince = System.nanoTime();
    private boolean wasPromotedPast;

    /** When the last tick began: the Rule 3 timer coming due after it makes a tick. */
    private Instant lastTickAt = Instant.EPOCH;

    public Guard(WatchdogConfig c) {
        this.c = c;
        this.tcp = new TcpProbe(c.guard().sampleInterval());
        PostgresProbe postgres = new PostgresProbe(c.thresholds().probeTimeout());
        this.db = postgres.session(c.postgres().local());
        this.peerDb = c.postgres().peer().map(postgres::session);
        this.docker = new DockerApi(c.dockerHost(), c.guard().sampleInterval());
        this.router = new RouterProbe(c.guard().sampleInterval(), new JeremyRouterAdapter());
        this.tick = new Tick(c);
        this.store = new StateStore(c.stateDir());
        this.witness = c.fencing().enabled() ? c.witness() : Optional.empty();
    }

    /** Runs until the process is stopped. */
    public int run() throws InterruptedException {
        log.info(
                "guarding: a tick every {} s; every {} ms the local database's role{}",
                c.guard().tickInterval().toSeconds(),
                c.guard().sampleInterval().toMillis(),
                witness.map(
                                x ->
                                        ", the peer "
                                                + c.peer().ip()
                                                + ":"
                                                + c.thresholds().peerPort()
                                                + " and the witness "
                                                + x.ip()
                                                + ":"
                                                + x.reachPort())
                        .orElse(""));
        ScheduledExecutorService every =
                Executors.newScheduledThreadPool(3, DaemonThreads.named("guard"));
        // At a fixed rate, never overlapping: a round that runs a long tick delays the next one.
        every.scheduleAtFixedRate(this::beat, 0, 5, TimeUnit.SECONDS);
        every.scheduleAtFixedRate(
                this::round, 0, c.guard().sampleInterval().toNanos(), TimeUnit.NANOSECONDS);
        long watch = c.guard().sampleInterval().dividedBy(ROLE_WATCHES_PER_SAMPLE).toNanos();
        every.scheduleAtFixedRate(this::watchRole, watch, watch, TimeUnit.NANOSECONDS);
        while (!every.awaitTermination(1, TimeUnit.DAYS)) {
            // runs until the process is stopped
        }
        return 0;
    }

    /**
     * One sample of the database's role and the reachability; a tick when it is due or something
     * moved.
     */
    private void round() {
        rounds.lock();
        try {
            lastRound.set(System.nanoTime());
            Instant roundAt = Instant.now();
            CompletableFuture<Observed<DbState>> role =
                    CompletableFuture.supplyAsync(db::role, samplers);
            CompletableFuture<Boolean> dockerUp =
                    CompletableFuture.supplyAsync(this::dockerAnswers, samplers);
            CompletableFuture<Observed<Reach>> peer =
                    CompletableFuture.supplyAsync(
                            () -> tcp.reach(c.peer().ip(), c.thresholds().peerPort()), samplers);
            CompletableFuture<Optional<String>> registered =
                    CompletableFuture.supplyAsync(this::registeredHere, samplers);
            // The local database promoted or stepped down: its app layer follows now, not once this
            // round's connects to a peer that may be gone have timed out; the previous round's
            // connects
            // stand for the peer and the witness while they are fresh (else the tick makes its
            // own).
            Optional<DbState> nowDb = role.join().known();
            boolean localMoved = moved("local", lastDb, nowDb);
            if (nowDb.isPresent()) lastDb = nowDb;
            if (localMoved)
                tickNow(
                        previousRound.filter(
                                r ->
                                        r.at().isAfter(
                                                        roundAt.minus(
                                                                c.guard()
                                                                        .sampleInterval()
                                                                        .multipliedBy(2)))));
            boolean silent = false;
            Optional<Observed<Reach>> witnessHeard = Optional.empty();
            if (witness.isPresent()) {
                Observed<Reach> w = tcp.reach(witness.get().ip(), witness.get().reachPort());
                witnessHeard = Optional.of(w);
                silent = silent(peer.join()) && silent(w);
                if (silent != wasSilent) {
                    log.warn(
                            silent
                                    ? "neither the peer ({}) nor the witness ({}) answers: ticking at once"
                                    : "the peer ({}) or the witness ({}) answers again",
                            peer.join().describe(),
                            w.describe());
                }
            }
            // The peer's database only when its host answers: a query on a kept connection to a
            // host
            // that is gone waits out the probe timeout, and a round must come round every sample.
            Optional<DbState> nowPeer =
                    silent(peer.join()) ? Optional.empty() : peerDb.flatMap(x -> x.role().known());
            // The peer's database promoted, rejoined or gone: this app layer follows at once too
            // (the one
            // that must step down as fast as the one that steps up, or both run schedulers
            // meanwhile).
            boolean moved = moved("peer's", lastPeerDb, nowPeer);
            if (nowPeer.isPresent()) lastPeerDb = nowPeer;
            // The engine coming up (at boot) restarts the old app layer by its restart policies:
            // the
            // tick that corrects it must not wait for the period.
            boolean dockerCame = dockerUp.join() && !dockerWasUp;
            if (dockerCame) log.info("the Docker engine answers: ticking at once");
            dockerWasUp = dockerUp.join();
            // The peer's host falling silent starts the Rule 3 timer now, not at the next period.
            boolean peerWent = silent(peer.join()) && !peerWasSilent;
            if (peerWent)
                log.info(
                        "the peer's host ({}) does not answer: ticking at once",
                        peer.join().describe());
            peerWasSilent = silent(peer.join());
            // The active router restarted empty (or went away, or came back): Rule 2 re-registers
            // now.
            Optional<String> nowRegistered = registered.join();
            boolean registryMoved =
                    nowRegistered.isPresent()
                            && lastRegistered.isPresent()
                            && !nowRegistered.equals(lastRegistered);
            if (registryMoved)
                log.info(
                        "the active router lists {} from this node, not {}: ticking at once",
                        nowRegistered.get(),
                        lastRegistered.get());
            if (nowRegistered.isPresent()) lastRegistered = nowRegistered;
            Optional<WatchdogState> state = state();
            boolean rule3Due =
                    state.flatMap(WatchdogState::routerAbsentSince)
                            .map(since -> since.plus(c.thresholds().routerAbsent()))
                            .filter(at -> !at.isAfter(Instant.now()) && at.isAfter(lastTickAt))
                            .isPresent();
            boolean fenced = state.flatMap(WatchdogState::fenced).isPresent();
            boolean due =
                    lastTick == 0
                            || System.nanoTime() - lastTick >= c.guard().tickInterval().toNanos();
            // Cut from the peer only: repmgr may promote it all the same (the witness's consent not
            // needed, or its record stale). The witness still reads the peer's database, and a
            // newer primary there is a fence now, not at the next period.
            boolean cutFromPeer =
                    nowDb.map(d -> d.role() == DbRole.PRIMARY).orElse(false)
                            && silent(peer.join())
                            && witnessHeard
                                    .flatMap(Observed::known)
                                    .map(r -> !r.silent())
                                    .orElse(false);
            Optional<Observed<RoleAndTimeline>> report = witnessPeerDb(cutFromPeer);
            boolean promotedPast =
                    report.flatMap(Observed::known)
                            .filter(
                                    p ->
                                            p.role() == DbRole.PRIMARY
                                                    && p.timeline() > nowDb.get().timeline())
                            .isPresent();
            if (promotedPast && !wasPromotedPast)
                log.warn(
                        "the witness reads the peer's database as {} and this node's is primary on"
                                + " timeline {}: ticking at once",
                        report.get().describe(),
                        nowDb.get().timeline());
            wasPromotedPast = promotedPast;
            // One more tick after the silence ends stops the isolation timer at once.
            GuardRound thisRound = new GuardRound(roundAt, peer.join(), witnessHeard, report);
            if (due
                    || moved
                    || dockerCame
                    || peerWent
                    || registryMoved
                    || rule3Due
                    || silent
                    || wasSilent
                    || promotedPast
                    || fenced) tickNow(Optional.of(thisRound));
            previousRound = Optional.of(thisRound);
            wasSilent = silent;
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log it and come round next time.
            log.error("guard round failed: {}", e.toString());
        } finally {
            rounds.unlock();
        }
    }

    /**
     * Between rounds, the local database's role alone (pg_is_in_recovery() on the kept connection;
     * a new timeline without a new role waits for the round): a promotion starts a round at once
     * instead of at the next sample, and the round ticks. Skipped while a round (or its tick) runs.
     */
    private void watchRole() {
        if (!rounds.tryLock()) return;
        try {
            Optional<DbRole> now = db.roleOnly().known();
            if (now.isPresent() && lastDb.isPresent() && now.get() != lastDb.get().role()) round();
        } catch (RuntimeException e) {
            log.error("guard role watch failed: {}", e.toString());
        } finally {
            rounds.unlock();
        }
    }

    /**
     * Touches the beat file while the rounds make progress: one came round lately, or it is in a
     * tick that has not outlived the longest a tick may take. A guard stuck anywhere stops beating,
     * and the timer's tick takes over.
     */
    private void beat() {
        long now = System.nanoTime(), inTick = tickSince.get();
        if (inTick != 0
                ? now - inTick >= LONGEST_TICK.toNanos()
                : now - lastRound.get() >= LONGEST_SAMPLE.toNanos()) return;
        Path beat = c.stateDir().resolve(BEAT);
        try {
            if (!Files.exists(beat)) Files.createFile(beat);
            Files.setLastModifiedTime(beat, FileTime.from(Instant.now()));
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "cannot touch {}: {} (the timer's tick will run beside the guard)",
                    beat,
                    e.toString());
        }
    }

    private static boolean moved(String which, Optional<DbState> before, Optional<DbState> now) {
        if (before.isEmpty() || now.isEmpty()) return false;
        DbState b = before.get(), n = now.get();
        // A standby whose WAL receiver is down reads timeline 0 (not known): not a move.
        if (b.role() == n.role()
                && (b.timeline() == n.timeline() || b.timeline() == 0 || n.timeline() == 0))
            return false;
        log.warn(
                "the {} database was {} on timeline {} and is {} on timeline {}: ticking at once",
                which,
                b.role(),
                b.timeline(),
                n.role(),
                n.timeline());
        return true;
    }

    /**
     * What the active router (HA_ROUTER_IP in the .env) lists from this node: its types, sorted, or
     * "unreachable"; empty when it cannot be told (no .env, an answer that is not a registry).
     */
    private Optional<String> registeredHere() {
        Optional<String> ip =
                env.observe(c.compose().envFile()).known().flatMap(EnvValues::haRouterIp);
        if (ip.isEmpty()) return Optional.empty();
        return router.observe(c.router().urlFor(ip.get()))
                .known()
                .map(
                        v ->
                                v instanceof RouterView.Registry reg
                                        ? "["
                                                + reg.entries().stream()
                                                        .filter(
                                                                e ->
                                                                        e.nodeIp()
                                                                                .equals(
                                                                                        c.node()
                                                                                                .ip()))
                                                        .map(RegistryEntry::type)
                                                        .sorted()
                                                        .distinct()
                                                        .collect(
                                                                java.util.stream.Collectors.joining(
                                                                        ", "))
                                                + "]"
                                        : "nothing (unreachable)");
    }

    /**
     * The witness's latest report of the peer's database while ask holds, one question at a time
     * (an SSH login each, only while the peer is cut off): every sample during the first {@link
     * #PROMOTION_WINDOW} of the cut, when repmgr promotes if it does, then every tick_interval (a
     * peer powered off for hours costs the witness a login per period). Empty, and any question in
     * flight forgotten, when ask does not hold.
     */
    private Optional<Observed<RoleAndTimeline>> witnessPeerDb(boolean ask) {
        long now = System.nanoTime();
        if (!ask) {
            asking = null;
            witnessReport = Optional.empty();
            cutSince = now;
            return witnessReport;
        }
        if (asking != null && asking.isDone()) {
            witnessReport = asking.join();
            asking = null;
        }
        Duration every =
                now - cutSince < PROMOTION_WINDOW.toNanos()
                        ? c.guard().sampleInterval()
                        : c.guard().tickInterval();
        if (asking == null && (witnessReport.isEmpty() || now - askedAt >= every.toNanos())) {
            askedAt = now;
            asking = CompletableFuture.supplyAsync(() -> Observer.askWitnessPeerDb(c), samplers);
        }
        return witnessReport;
    }

    private boolean dockerAnswers() {
        try {
            docker.get("/_ping");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean silent(Observed<Reach> r) {
        return r.known().map(Reach::silent).orElse(false);
    }

    private Optional<WatchdogState> state() {
        try {
            return Optional.of(store.load());
        } catch (IOException | StateStore.CorruptStateException e) {
            return Optional.empty(); // the tick reports a bad state file itself
        }
    }

    private void tickNow(Optional<GuardRound> round) {
        tickSince.set(System.nanoTime());
        lastTickAt = Instant.now();
        runTick(round);
        tickSince.set(0);
        lastTick = System.nanoTime();
    }

    private void runTick(Optional<GuardRound> round) {
        try {
            tick.run(round);
        } catch (IOException | RuntimeException e) {
            log.error("tick failed: {}", e.toString());
        }
    }
}
