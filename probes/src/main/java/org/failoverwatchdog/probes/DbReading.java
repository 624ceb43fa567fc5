package org.failoverwatchdog.probes;

/**
 * What the tick reads from its local database over one connection: the role, and the pair's pause
 * (one more query on the same connection, only when the pause table exists).
 *
 * @param pairPause UNKNOWN when the database cannot be read (also when it refuses connections: a
 *     database that is down shows no pause), or the pause query failed
 */
public record DbReading(Observed<DbState> role, Observed<PairPause> pairPause) {}
