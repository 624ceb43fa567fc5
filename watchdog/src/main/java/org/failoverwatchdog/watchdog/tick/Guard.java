package org.failoverwatchdog.watchdog.tick;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.TcpProbe;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resident fence guard. The timer's 10 s alone cannot fence a primary before repmgr promotes
 * its peer (seconds after a cut), so this samples the peer's and the witness's reachability every
 * guard_interval (one TCP connect each) and, while both are silent or this node is fenced, runs the
 * tick at once, in this process: no JVM start, the same rules, the same lock. It never acts itself.
 */
public final class Guard {
    private static final Logger log = LoggerFactory.getLogger(Guard.class);
    private final WatchdogConfig c;
    private final TcpProbe tcp;
    private final Tick tick;
    private final StateStore store;

    public Guard(WatchdogConfig c) {
        this.c = c;
        this.tcp = new TcpProbe(c.fencing().guardInterval());
        this.tick = new Tick(c);
        this.store = new StateStore(c.stateDir());
    }

    /** Runs until the process is stopped; returns 2 when there is nothing to guard. */
    public int run() throws InterruptedException {
        if (!c.fencing().enabled() || c.witness().isEmpty()) {
            log.error("fencing is not enabled in {} (it needs a witness): nothing to guard", c.file());
            return 2;
        }
        WatchdogConfig.Witness w = c.witness().get();
        log.info("guarding: peer {}:{} and witness {}:{} every {} ms", c.peer().ip(), c.thresholds().peerPort(), w.ip(), w.sshPort(),
                c.fencing().guardInterval().toMillis());
        boolean wasSilent = false;
        long period = c.fencing().guardInterval().toNanos();
        while (true) {
            long start = System.nanoTime();
            CompletableFuture<Observed<Reach>> peer = CompletableFuture.supplyAsync(() -> tcp.reach(c.peer().ip(), c.thresholds().peerPort()));
            Observed<Reach> witness = tcp.reach(w.ip(), w.sshPort());
            boolean silent = silent(peer.join()) && silent(witness);
            if (silent != wasSilent) {
                log.warn(silent ? "neither the peer ({}) nor the witness ({}) answers: ticking at once" : "the peer ({}) or the witness ({}) answers again",
                        peer.join().describe(), witness.describe());
            }
            // One more tick after the silence ends stops the isolation timer at once.
            if (silent || wasSilent || fenced()) runTick();
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
