package org.failoverwatchdog.watchdog.tick;

import java.time.Instant;
import java.util.Optional;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RoleAndTimeline;

/**
 * What the guard's round heard just before it started a tick: its connects to the peer's host and,
 * with fencing, to the witness, both begun at {@code at}. A tick takes a silence from here instead
 * of waiting out its own connect to a host that is gone.
 *
 * @param witnessPeerDb the witness's latest report of the peer's database, when the guard asked it
 *     (the local database primary, the peer's host silent, the witness heard); the tick takes it
 *     instead of asking again
 */
public record GuardRound(
        Instant at,
        Observed<Reach> peer,
        Optional<Observed<Reach>> witness,
        Optional<Observed<RoleAndTimeline>> witnessPeerDb) {

    public boolean peerSilent() {
        return peer.known().map(Reach::silent).orElse(false);
    }

    public boolean witnessSilent() {
        return witness.flatMap(Observed::known).map(Reach::silent).orElse(false);
    }
}
