package org.failoverwatchdog.watchdog.tick;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PostgresProbe;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.TcpProbe;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resident guard: what the timer's 10 s are too slow for. Every guard_interval it samples the
 * local database's role and timeline, and (with fencing) the peer's and the witness's reachability
 * (one TCP connect each). It runs the tick at once, in this process (no JVM start, the same rules,
 * the same lock), when the database's role or timeline changed (repmgr promoted it, or it was
 * rejoined: the app layer follows within a second instead of up to a timer period), while the peer
 * and the witness are both silent (a fence must beat repmgr's promotion of the peer), and while
 * this node is fenced. It never acts itself.
 */
public final class Guard {
    private static final Logger log = LoggerFactory.getLogger(Guard.class);
    private final WatchdogConfig c;
    private final TcpProbe tcp;
    private final PostgresProbe postgres;
    private final Tick tick;
    private final StateStore store;

    public Guard(WatchdogConfig c) {
        this.c = c;
        this.tcp = new TcpProbe(c.fencing().guardInterval());
        this.postgres = new PostgresProbe(c.thresholds().probeTimeout());
        this.tick = new Tick(c);
        this.store = new StateStore(c.stateDir());
    }

    /** Runs until the process is stopped. */
    public int run() throws InterruptedException {
        Optional<WatchdogConfig.Witness> w = c.fencing().enabled() ? c.witness() : Optional.empty();
        log.info("guarding every {} ms: the local database's role{}", c.fencing().guardInterval().toMillis(),
                w.map(x -> ", the peer " + c.peer().ip() + ":" + c.thresholds().peerPort() + " and the witness " + x.ip() + ":" + x.sshPort()).orElse(""));
        boolean wasSilent = false;
        Optional<DbState> lastDb = Optional.empty();
        long period = c.fencing().guardInterval().toNanos();
        while (true) {
            long start = System.nanoTime();
            CompletableFuture<Observed<DbState>> db = CompletableFuture.supplyAsync(() -> postgres.role(c.postgres().local()));
            boolean silent = false;
            if (w.isPresent()) {
                CompletableFuture<Observed<Reach>> peer = CompletableFuture.supplyAsync(() -> tcp.reach(c.peer().ip(), c.thresholds().peerPort()));
                Observed<Reach> witness = tcp.reach(w.get().ip(), w.get().sshPort());
                silent = silent(peer.join()) && silent(witness);
                if (silent != wasSilent) {
                    log.warn(silent ? "neither the peer ({}) nor the witness ({}) answers: ticking at once" : "the peer ({}) or the witness ({}) answers again",
                            peer.join().describe(), witness.describe());
                }
            }
            Optional<DbState> nowDb = db.join().known();
            boolean moved = lastDb.isPresent() && nowDb.isPresent()
                    && (lastDb.get().role() != nowDb.get().role() || lastDb.get().timeline() != nowDb.get().timeline());
            if (moved) {
                log.warn("the local database was {} on timeline {} and is {} on timeline {}: ticking at once", lastDb.get().role(),
                        lastDb.get().timeline(), nowDb.get().role(), nowDb.get().timeline());
            }
            if (nowDb.isPresent()) lastDb = nowDb;
            // One more tick after the silence ends stops the isolation timer at once.
            if (moved || silent || wasSilent || fenced()) runTick();
            wasSilent = silent;
            long left = period - (System.nanoTime() - start);
            if (left > 0) Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static boolean silent(Observed<Reach> r) {
        return r.known().map(Reach::silent).orElse(false);
    }

    private boolean fenced() {
        try {
            return store.load().fenced().isPresent();
        } catch (IOException | StateStore.CorruptStateException e) {
            return false; // the tick reports a bad state file itself
        }
    }

    private void runTick() {
        try {
            tick.run();
        } catch (IOException | RuntimeException e) {
            log.error("tick failed: {}", e.toString());
        }
    }
}
