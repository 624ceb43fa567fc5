package org.failoverwatchdog.watchdog.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PostgresProbe;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.TcpProbe;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.tick.LockedStateChange;
import org.failoverwatchdog.watchdog.tick.Tick;
import org.failoverwatchdog.watchdog.tick.TickLock;

/** {@link OperatorHost} on the real node. */
final class LocalOperatorHost implements OperatorHost {
    /** A quiet tick holds the lock well under a second; a transition for many. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(5);

    /** The operator's state changes wait this long for a tick to end. */
    private static final Duration STATE_WAIT = Duration.ofSeconds(30);

    /** The guard beats every 5 s while it makes progress. */
    private static final Duration BEAT_FRESH = Duration.ofSeconds(15);

    private final WatchdogConfig c;
    private final PrintWriter err;
    private final PostgresProbe.Session local;

    LocalOperatorHost(WatchdogConfig c, PrintWriter err) {
        this.c = c;
        this.err = err;
        this.local = new PostgresProbe(c.thresholds().probeTimeout()).session(c.postgres().local());
    }

    @Override
    public PairSnapshot read(boolean askWitness) {
        return new PairReader(c).read(askWitness);
    }

    @Override
    public boolean lockFree() {
        try {
            Optional<TickLock> l = TickLock.acquire(c.stateDir(), LOCK_WAIT);
            if (l.isEmpty()) return false;
            l.get().close();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized Observed<DbState> localRole() {
        return local.role();
    }

    @Override
    public Observed<Reach> peerPostgresPort() {
        String host = c.postgres().peer().map(p -> p.host()).orElse(c.peer().ip());
        int port = c.postgres().peer().map(p -> p.port()).orElse(5432);
        return new TcpProbe(c.thresholds().probeTimeout()).reach(host, port);
    }

    @Override
    public boolean guardBeating() {
        if (!c.guard().enabled()) return false;
        return PairReader.guardBeat(c)
                .map(t -> Duration.between(t, Instant.now()).compareTo(BEAT_FRESH) < 0)
                .orElse(false);
    }

    @Override
    public void tick() {
        try {
            new Tick(c).run();
        } catch (IOException | RuntimeException e) {
            err.println("failover-watchdog: the tick failed: " + e);
        }
    }

    @Override
    public boolean changeState(UnaryOperator<WatchdogState> change) {
        try {
            return LockedStateChange.apply(c.stateDir(), STATE_WAIT, change).isPresent();
        } catch (IOException | StateStore.CorruptStateException e) {
            err.println("failover-watchdog: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void journal(Journal.Entry e) {
        try {
            c.journal().append(e);
        } catch (IOException x) {
            err.println(
                    "failover-watchdog: cannot write "
                            + c.journal().path()
                            + ": "
                            + x.getMessage());
        }
    }

    @Override
    public String operator() {
        return Main.operator();
    }

    @Override
    public String processUser() {
        return System.getProperty("user.name");
    }

    @Override
    public Optional<Boolean> confirm(String question) {
        Console console = System.console();
        if (console == null) return Optional.empty();
        String answer = console.readLine("%s", question);
        return Optional.of(answer != null && answer.strip().equalsIgnoreCase("yes"));
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
        Thread.sleep(Math.max(0, d.toMillis()));
    }
}
