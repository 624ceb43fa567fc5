package org.failoverwatchdog.watchdog.rules;

import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;

/**
 * The local database as the rules read it: its own answer, corrected by the peer's PostgreSQL where
 * the local one alone is not the truth. A local PostgreSQL that refuses connections while the
 * peer's is primary leaves this node a standby (the app layer must follow the peer, or two routers
 * live); a local primary on an older timeline than the peer's primary is a stale primary (a node
 * back after failover) and never keeps the primary app layer: the stale-primary guard.
 *
 * @param role PRIMARY or STANDBY: what this node's app layer must follow
 * @param says how that was read, for the reasons in the journal ("is a standby", ...)
 */
record DbView(DbRole role, String says) {

    /** Empty when the observations cannot tell (Rule 1 then waits); the notes say why. */
    static Optional<DbView> of(
            Observed<DbState> local, Optional<Observed<DbState>> peerDb, List<String> notes) {
        if (!(local instanceof Observed.Known<DbState> k)) {
            notes.add("database role UNKNOWN: " + local.describe() + ": Rule 1 waits");
            return Optional.empty();
        }
        DbState d = k.value();
        Optional<DbState> peerPrimary =
                peerDb.flatMap(Observed::known).filter(p -> p.role() == DbRole.PRIMARY);
        switch (d.role()) {
            case STANDBY:
                return Optional.of(new DbView(DbRole.STANDBY, "is a standby"));
            case PRIMARY:
                if (peerPrimary.isEmpty() || peerPrimary.get().timeline() < d.timeline()) {
                    return Optional.of(
                            new DbView(
                                    DbRole.PRIMARY, "is primary (timeline " + d.timeline() + ")"));
                }
                if (peerPrimary.get().timeline() > d.timeline()) {
                    return Optional.of(
                            new DbView(
                                    DbRole.STANDBY,
                                    "is a stale primary (timeline "
                                            + d.timeline()
                                            + "; the peer's is primary on timeline "
                                            + peerPrimary.get().timeline()
                                            + ")"));
                }
                notes.add(
                        "local and peer PostgreSQL are both primary on timeline "
                                + d.timeline()
                                + ": repmgr must settle which one is; Rule 1 waits");
                return Optional.empty();
            default: // DOWN
                if (peerPrimary.isPresent()) {
                    return Optional.of(
                            new DbView(
                                    DbRole.STANDBY,
                                    "refuses connections (down) and the peer's is primary (timeline "
                                            + peerPrimary.get().timeline()
                                            + ")"));
                }
                notes.add(
                        "local PostgreSQL refuses connections (down) and the peer's is "
                                + peerDb.map(Observed::describe)
                                        .orElse("not read (postgres.peer is not configured)")
                                + ": Rule 1 waits");
                return Optional.empty();
        }
    }
}
