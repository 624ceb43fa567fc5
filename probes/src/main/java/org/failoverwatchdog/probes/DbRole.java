package org.failoverwatchdog.probes;

/** What the local PostgreSQL is: read from pg_is_in_recovery(). */
public enum DbRole { PRIMARY, STANDBY }
