package org.failoverwatchdog.watchdog.cli;

import java.util.Optional;
import org.failoverwatchdog.probes.Conninfo;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * Where `pause` and `resume` write the pair's pause: the database that answers as primary (this
 * node's, or the peer's through postgres.peer), and the other, which must show it once it replays
 * it.
 */
sealed interface PauseTarget {

    /**
     * @param standby the other node's database, where the write must show; empty when it is the
     *     peer's and postgres.peer is not configured
     */
    record Found(
            String primaryName, Conninfo primary, String standbyName, Optional<Conninfo> standby)
            implements PauseTarget {}

    /**
     * @param why no single primary to write to, with what each database answered
     */
    record NotFound(String why) implements PauseTarget {}

    static PauseTarget of(
            WatchdogConfig c, Observed<DbState> self, Optional<Observed<DbState>> peer) {
        boolean selfPrimary = primary(self);
        boolean peerPrimary = peer.map(PauseTarget::primary).orElse(false);
        if (selfPrimary && peerPrimary)
            return new NotFound(
                    "both databases answer as primary ("
                            + c.node().name()
                            + "'s and "
                            + c.peer().name()
                            + "'s): a pause written to one would not reach the other");
        if (selfPrimary)
            return new Found(
                    c.node().name(), c.postgres().local(), c.peer().name(), c.postgres().peer());
        if (peerPrimary)
            return new Found(
                    c.peer().name(),
                    c.postgres().peer().orElseThrow(),
                    c.node().name(),
                    Optional.of(c.postgres().local()));
        return new NotFound(
                "no database answers as primary: "
                        + c.node().name()
                        + "'s is "
                        + role(self)
                        + ", "
                        + c.peer().name()
                        + "'s "
                        + peer.map(p -> "is " + role(p))
                                .orElse("is not read (postgres.peer is not configured)"));
    }

    private static String role(Observed<DbState> db) {
        return db.known()
                .map(d -> d.role() == DbRole.DOWN ? "down (refuses connections)" : d.role().name())
                .orElse(db.describe());
    }

    private static boolean primary(Observed<DbState> db) {
        return db.known().map(d -> d.role() == DbRole.PRIMARY).orElse(false);
    }
}
