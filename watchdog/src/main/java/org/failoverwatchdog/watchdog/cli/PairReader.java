package org.failoverwatchdog.watchdog.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.Conninfo;
import org.failoverwatchdog.probes.DaemonThreads;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.ReplicaLag;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.probes.StandbyReplay;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.metrics.TextfileMetrics;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.tick.Guard;
import org.failoverwatchdog.watchdog.tick.Observer;

/**
 * Reads what `failover-watchdog list` shows, with the tick's own {@link Observer} and probes: every
 * network read is bounded by thresholds.probe_timeout (the witness's check command by twice that),
 * and runs beside the others; only the lag waits for the roles, to know which database is the
 * primary. Changes nothing.
 */
final class PairReader {
    private static final Duration NONE = Duration.ZERO;
    private final WatchdogConfig c;

    PairReader(WatchdogConfig c) {
        this.c = c;
    }

    PairSnapshot read() {
        return read(true);
    }

    /**
     * @param askWitness whether to ask the witness (over SSH) if it sees the peer: a caller that
     *     reads the pair again and again (the operator's gates) need not
     */
    PairSnapshot read(boolean askWitness) {
        Observer observer = new Observer(c);
        Observed<WatchdogState> state = state();
        ExecutorService pool = Executors.newFixedThreadPool(6, DaemonThreads.named("list"));
        try {
            var obsF =
                    async(
                            pool,
                            () -> observer.observe(state.known().orElse(WatchdogState.fresh())));
            var selfRouterF =
                    async(
                            pool,
                            () -> observer.routerProbe().observe(c.router().urlFor(c.node().ip())));
            var witnessF =
                    askWitness
                            ? async(pool, observer::witnessSeesPeer)
                            : CompletableFuture.completedFuture(
                                    c.witness()
                                            .map(w -> Observed.<Answer>unknown("not asked", NONE)));
            Map<PairListing.Side, CompletableFuture<Observed<PairPause>>> pauseF =
                    new EnumMap<>(PairListing.Side.class);
            for (PairListing.Side side : PairListing.Side.values()) {
                pauseF.put(
                        side,
                        conninfo(side)
                                .map(
                                        ci ->
                                                async(
                                                        pool,
                                                        () ->
                                                                observer.postgresProbe()
                                                                        .pairPause(ci)))
                                .orElse(
                                        CompletableFuture.completedFuture(
                                                Observed.unknown(
                                                        "not read: postgres.peer is not configured",
                                                        NONE))));
            }
            Observations obs = obsF.join();

            Optional<PairListing.Side> primary = PairListing.primary(obs.db(), obs.peerDb());
            var replicasF =
                    primary.flatMap(this::conninfo)
                            .map(ci -> async(pool, () -> observer.postgresProbe().replicas(ci)));
            Map<PairListing.Side, CompletableFuture<Observed<StandbyReplay>>> replayF =
                    new EnumMap<>(PairListing.Side.class);
            for (PairListing.Side side : PairListing.Side.values()) {
                Observed<DbState> db =
                        side == PairListing.Side.SELF
                                ? obs.db()
                                : obs.peerDb().orElse(Observed.unknown("", NONE));
                if (db.known().map(d -> d.role() == DbRole.STANDBY).orElse(false)) {
                    conninfo(side)
                            .ifPresent(
                                    ci ->
                                            replayF.put(
                                                    side,
                                                    async(
                                                            pool,
                                                            () ->
                                                                    observer.postgresProbe()
                                                                            .replay(ci))));
                }
            }
            Optional<PairSnapshot.Replicas> replicas =
                    primary.map(
                            side ->
                                    new PairSnapshot.Replicas(
                                            side,
                                            replicasF
                                                    .map(CompletableFuture::join)
                                                    .orElse(
                                                            Observed.<List<ReplicaLag>>unknown(
                                                                    "not read", NONE))));
            Map<PairListing.Side, Observed<StandbyReplay>> replay =
                    new EnumMap<>(PairListing.Side.class);
            replayF.forEach((side, f) -> replay.put(side, f.join()));
            Observed<RouterView> selfRouter = selfRouterF.join();
            Optional<Observed<Answer>> witness = witnessF.join();
            Map<PairListing.Side, Observed<PairPause>> pause =
                    new EnumMap<>(PairListing.Side.class);
            pauseF.forEach((side, f) -> pause.put(side, f.join()));
            return new PairSnapshot(
                    obs,
                    selfRouter,
                    witness,
                    replicas,
                    replay,
                    state,
                    lastTick(),
                    guardBeat(c),
                    lastTransition(),
                    pause);
        } finally {
            pool.shutdownNow();
        }
    }

    private Optional<Conninfo> conninfo(PairListing.Side side) {
        return side == PairListing.Side.SELF
                ? Optional.of(c.postgres().local())
                : c.postgres().peer();
    }

    /** A state file that cannot be read is one UNKNOWN item (paused, fenced), not a failed list. */
    private Observed<WatchdogState> state() {
        try {
            return Observed.known(new StateStore(c.stateDir()).loadOrFresh(), NONE);
        } catch (StateStore.CorruptStateException e) {
            return Observed.unknown(e.getMessage(), NONE);
        } catch (IOException e) {
            return Observed.unknown(
                    c.stateDir().resolve("state.json") + ": cannot be read: " + e.getMessage(),
                    NONE);
        }
    }

    /** The tick records its time and verdict only in the metrics textfile. */
    private Observed<PairSnapshot.LastTick> lastTick() {
        if (c.metrics().textfile().isEmpty()) {
            return Observed.unknown(
                    "metrics.textfile is not configured: only the metrics record the last tick (fix: set metrics.textfile)",
                    NONE);
        }
        Path f = c.metrics().textfile().get();
        TextfileMetrics m = new TextfileMetrics(f);
        Optional<Instant> at = m.lastTick();
        if (at.isEmpty())
            return Observed.unknown(
                    f + " holds no tick (none has written it yet, or it cannot be read)", NONE);
        OptionalInt v = m.verdict();
        Optional<Verdict> verdict =
                v.isPresent() && v.getAsInt() >= 0 && v.getAsInt() < Verdict.values().length
                        ? Optional.of(Verdict.values()[v.getAsInt()])
                        : Optional.empty();
        return Observed.known(new PairSnapshot.LastTick(at.get(), verdict), NONE);
    }

    private Observed<Optional<Journal.Entry>> lastTransition() {
        try {
            return Observed.known(c.journal().read(1, w -> {}).stream().findFirst(), NONE);
        } catch (IOException e) {
            return Observed.unknown(
                    c.journal().path() + ": cannot be read: " + e.getMessage(), NONE);
        }
    }

    /**
     * When the guard last beat (the mtime of its beat file); empty when it never did or cannot be
     * read.
     */
    static Optional<Instant> guardBeat(WatchdogConfig c) {
        try {
            return Optional.of(
                    Files.getLastModifiedTime(c.stateDir().resolve(Guard.BEAT)).toInstant());
        } catch (IOException e) {
            return Optional.empty(); // none, or unreadable: either way no beat to go by
        }
    }

    private static <T> CompletableFuture<T> async(ExecutorService pool, Supplier<T> s) {
        return CompletableFuture.supplyAsync(s, pool);
    }
}
