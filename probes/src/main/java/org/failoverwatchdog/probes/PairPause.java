package org.failoverwatchdog.probes;

import java.time.Instant;

/**
 * The pair's maintenance pause as one database shows it: the one row of {@link PairPauseTable},
 * which `failover-watchdog pause` writes on the primary and streaming replication carries to the
 * standby. Each watchdog reads it from its own database, so the pause needs no channel between the
 * two watchdogs.
 */
public sealed interface PairPause permits PairPause.NoTable, PairPause.NotPaused, PairPause.Paused {

    /**
     * The table does not exist in this database (an installation from before it): nobody can have
     * paused the pair, so the pair is not paused.
     */
    record NoTable() implements PairPause {
        @Override
        public String toString() {
            return "not paused (" + PairPauseTable.NAME + " does not exist)";
        }
    }

    /** The table exists and holds no row. */
    record NotPaused() implements PairPause {
        @Override
        public String toString() {
            return "not paused";
        }
    }

    /**
     * @param by who ran `pause` (SUDO_USER, else USER)
     * @param on the node it ran on
     * @param since when the primary wrote it, by the primary's clock
     */
    record Paused(String by, String on, Instant since, String reason) implements PairPause {
        @Override
        public String toString() {
            return "paused by " + by + " on " + on + " since " + since + ": " + reason;
        }
    }

    default boolean paused() {
        return this instanceof Paused;
    }
}
