package org.failoverwatchdog.probes;

/**
 * What a PostgreSQL is: read from pg_is_in_recovery(), or DOWN when it refused the connection
 * (nothing listens: a fact, unlike a timeout, which says nothing and is UNKNOWN).
 */
public enum DbRole {
    PRIMARY,
    STANDBY,
    DOWN
}
