package org.failoverwatchdog.watchdog.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.ReplicaLag;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.probes.StandbyReplay;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * What `failover-watchdog list` read ({@link PairReader}): this node's observations as a tick makes
 * them, and what only list asks. {@link PairListing} is made from it alone, so it is tested from
 * fixed values.
 *
 * @param selfRouter the router on this node's address (a tick observes only the active one and the
 *     peer's)
 * @param witnessSeesPeer asked whatever the rules need; empty without a witness
 * @param replicas the pg_stat_replication of the database that answered as primary; empty when none
 *     did
 * @param replay each standby's own view of its replay, by side, where its database answered as
 *     standby
 * @param state this node's state file (paused, fenced)
 * @param lastTick the last tick of this node's watchdog, as the metrics textfile has it
 * @param guardBeat when the resident guard last beat; empty when it never did
 * @param lastTransition the journal's newest entry; empty when there is none
 * @param pairPause the pair's pause as each node's database shows it, by side (each read directly:
 *     the observations' is what this node's tick goes by, which is the peer's when its own cannot
 *     be read); empty when not read
 */
record PairSnapshot(
        Observations obs,
        Observed<RouterView> selfRouter,
        Optional<Observed<Answer>> witnessSeesPeer,
        Optional<Replicas> replicas,
        Map<PairListing.Side, Observed<StandbyReplay>> replay,
        Observed<WatchdogState> state,
        Observed<LastTick> lastTick,
        Optional<Instant> guardBeat,
        Observed<Optional<Journal.Entry>> lastTransition,
        Map<PairListing.Side, Observed<PairPause>> pairPause) {
    PairSnapshot {
        replay = Map.copyOf(replay);
        pairPause = Map.copyOf(pairPause);
    }

    /** Without the databases' views of the pair's pause (fixtures). */
    PairSnapshot(
            Observations obs,
            Observed<RouterView> selfRouter,
            Optional<Observed<Answer>> witnessSeesPeer,
            Optional<Replicas> replicas,
            Map<PairListing.Side, Observed<StandbyReplay>> replay,
            Observed<WatchdogState> state,
            Observed<LastTick> lastTick,
            Optional<Instant> guardBeat,
            Observed<Optional<Journal.Entry>> lastTransition) {
        this(
                obs,
                selfRouter,
                witnessSeesPeer,
                replicas,
                replay,
                state,
                lastTick,
                guardBeat,
                lastTransition,
                Map.of());
    }

    /** The standbys of the node whose database answered as primary. */
    record Replicas(PairListing.Side primary, Observed<List<ReplicaLag>> rows) {}

    /**
     * @param verdict status's verdict at that tick's observations; empty when the tick did not get
     *     as far
     */
    record LastTick(Instant at, Optional<Verdict> verdict) {}
}
