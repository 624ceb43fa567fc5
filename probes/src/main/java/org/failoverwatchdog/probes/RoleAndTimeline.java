package org.failoverwatchdog.probes;

/**
 * A database's role and timeline as another host read them: the witness's report of the peer's
 * PostgreSQL (the timeline is 0 when it is a standby whose WAL receiver is down).
 */
public record RoleAndTimeline(DbRole role, long timeline) {
    @Override
    public String toString() {
        return role + " on timeline " + timeline;
    }
}
