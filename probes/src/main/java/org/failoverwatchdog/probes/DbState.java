package org.failoverwatchdog.probes;

/**
 * A PostgreSQL as observed: role, timeline and WAL position.
 *
 * @param lsn the current WAL insert position on a primary, the last replayed one on a standby
 * @param readOnly default_transaction_read_only as a new session gets it: on while the node is
 *     fenced
 * @param streamingReplicas standbys streaming from this node now (a peer that follows it was not
 *     promoted)
 */
public record DbState(
        DbRole role, long timeline, String lsn, boolean readOnly, int streamingReplicas) {

    /** What a refused connection tells: nothing listens. */
    public static DbState down() {
        return new DbState(DbRole.DOWN, 0, "-", false, 0);
    }
}
