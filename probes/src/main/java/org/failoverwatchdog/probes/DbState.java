package org.failoverwatchdog.probes;

/**
 * The local PostgreSQL as observed: role, timeline and WAL position.
 *
 * @param lsn the current WAL insert position on a primary, the last replayed one on a standby
 */
public record DbState(DbRole role, long timeline, String lsn) {}
