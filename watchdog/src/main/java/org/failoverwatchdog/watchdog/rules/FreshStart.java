package org.failoverwatchdog.watchdog.rules;

import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * A state that began without a state file (none, or a corrupt one set aside) forgot whether this
 * node fenced itself, and every other field's default is safe on its own (see the README, "A
 * corrupt state file"): only the fence's absence could give back a writer. A fenced node's database
 * says so itself: the fence's default_transaction_read_only outlives restarts. So the first time
 * the local database answers as primary or standby, that settles it: a primary that is read-only is
 * taken as fenced (with fencing on, only the fence makes it so), and the fence rule then lifts or
 * keeps it by its ordinary conditions. Until then (UNKNOWN, or refusing connections) the mark
 * stays; the rules act as ever, and none of them makes an unanswering database writable.
 */
final class FreshStart {
    private FreshStart() {}

    static WatchdogState settle(
            WatchdogConfig c, Observations o, WatchdogState s, List<String> notes) {
        if (!s.startedFresh()) return s;
        Optional<DbState> db = o.db().known().filter(d -> d.role() != DbRole.DOWN);
        if (db.isEmpty()) {
            notes.add(
                    "the state started fresh (no state file) and the local database "
                            + (o.db().isKnown()
                                    ? "refuses connections (down)"
                                    : "is " + o.db().describe())
                            + ": whether this node is fenced is read from it once it answers as primary or standby");
            return s;
        }
        WatchdogState settled = s.withStartedFresh(false);
        if (db.get().role() != DbRole.PRIMARY
                || !db.get().readOnly()
                || !c.fencing().enabled()
                || s.fenced().isPresent()) return settled;
        String reason =
                "assumed: the state started fresh (no state file) while the local database is primary and read-only,"
                        + " as the fence leaves it; lifted when the peer follows this node again, or rejoined if the peer was promoted";
        notes.add("fenced (" + reason + ")");
        return settled.withFenced(Optional.of(new WatchdogState.Fence(o.at(), reason)));
    }
}
