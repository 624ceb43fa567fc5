package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * What the operator's commands read and do on this node besides repmgr: the pair as `list` reads
 * it, the tick lock, the state, the journal, the clock. The commands are tested with their own.
 */
interface OperatorHost {
    /** The pair, as `list` reads it; the witness asked (over SSH) only when askWitness. */
    PairSnapshot read(boolean askWitness);

    /** The tick lock could be taken within a few seconds: no transition is running. */
    boolean lockFree();

    /** This node's database role, cheaply enough to ask every fraction of a second. */
    Observed<DbState> localRole();

    /** One TCP connect to the peer's PostgreSQL port. */
    Observed<Reach> peerPostgresPort();

    /** The resident guard beats: it ticks within a sample of a role change by itself. */
    boolean guardBeating();

    /** One tick, here and now (it does nothing if another holds the lock). */
    void tick();

    /**
     * Changes state.json under the tick lock.
     *
     * @return false when a tick held the lock too long: nothing changed
     */
    boolean changeState(UnaryOperator<WatchdogState> change);

    void journal(Journal.Entry e);

    /** Who runs the command: SUDO_USER, else USER. */
    String operator();

    /** The user this process runs as (repmgr runs through runuser unless it is repmgr's). */
    String processUser();

    /** Asks the operator on the terminal; empty when there is no terminal to ask on. */
    Optional<Boolean> confirm(String question);

    Instant now();

    void sleep(Duration d) throws InterruptedException;
}
