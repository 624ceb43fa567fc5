package org.failoverwatchdog.watchdog.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RoleAndTimeline;
import org.failoverwatchdog.probes.RouterView;

/**
 * Everything one tick observed: the whole world, every time (level-triggered).
 *
 * @param activeRouter the router that HA_ROUTER_IP names (UNKNOWN when the .env cannot be read)
 * @param peerRouter the router on the peer's address (the same observation when HA_ROUTER_IP is the
 *     peer)
 * @param peerNode whether the peer node answers on its check port
 * @param witnessSeesPeer empty when no witness is configured; else whether the witness reaches the
 *     peer
 * @param peerDb empty when postgres.peer is not configured; else the peer's PostgreSQL
 * @param peerReach the same connection attempt as peerNode, telling silence from a refusal
 *     (fencing)
 * @param witnessReach empty when no witness is configured; else whether the witness's SSH port can
 *     be heard
 * @param pairPause the pair's pause as the local database shows it (read in the same visit as its
 *     role), or, when that cannot be read, the peer's database (see {@code tick.Observer})
 * @param witnessPeerDb empty when not asked (no witness or no peer_db_command, the local database
 *     not primary, or the peer's own database read this tick); else the peer's role and timeline as
 *     the witness reads them
 */
public record Observations(
        Instant at,
        Observed<DbState> db,
        Observed<Answer> pooler,
        Observed<EnvValues> env,
        Observed<RouterView> activeRouter,
        Observed<RouterView> peerRouter,
        Observed<Answer> peerNode,
        Observed<Map<String, ContainerState>> containers,
        Optional<Observed<Answer>> witnessSeesPeer,
        Optional<Observed<DbState>> peerDb,
        Observed<Reach> peerReach,
        Optional<Observed<Reach>> witnessReach,
        Observed<PairPause> pairPause,
        Optional<Observed<RoleAndTimeline>> witnessPeerDb) {

    /**
     * Observations without the pair's pause, which then counts as not paused, nor the witness's
     * report of the peer's database: for fixtures and callers that make no rule decide from them.
     * The tick's {@code Observer} reads both.
     */
    public Observations(
            Instant at,
            Observed<DbState> db,
            Observed<Answer> pooler,
            Observed<EnvValues> env,
            Observed<RouterView> activeRouter,
            Observed<RouterView> peerRouter,
            Observed<Answer> peerNode,
            Observed<Map<String, ContainerState>> containers,
            Optional<Observed<Answer>> witnessSeesPeer,
            Optional<Observed<DbState>> peerDb,
            Observed<Reach> peerReach,
            Optional<Observed<Reach>> witnessReach) {
        this(
                at,
                db,
                pooler,
                env,
                activeRouter,
                peerRouter,
                peerNode,
                containers,
                witnessSeesPeer,
                peerDb,
                peerReach,
                witnessReach,
                Observed.known(new PairPause.NotPaused(), Duration.ZERO),
                Optional.empty());
    }

    public Observations withPairPause(Observed<PairPause> p) {
        return new Observations(
                at,
                db,
                pooler,
                env,
                activeRouter,
                peerRouter,
                peerNode,
                containers,
                witnessSeesPeer,
                peerDb,
                peerReach,
                witnessReach,
                p,
                witnessPeerDb);
    }

    public Observations withWitnessPeerDb(Optional<Observed<RoleAndTimeline>> w) {
        return new Observations(
                at,
                db,
                pooler,
                env,
                activeRouter,
                peerRouter,
                peerNode,
                containers,
                witnessSeesPeer,
                peerDb,
                peerReach,
                witnessReach,
                pairPause,
                w);
    }
}
