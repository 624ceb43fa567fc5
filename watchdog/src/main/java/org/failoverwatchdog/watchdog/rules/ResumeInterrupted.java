package org.failoverwatchdog.watchdog.rules;

import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * A promote, demote or rejoin that began and did not finish (a gate missed, the tick was killed) is
 * run again while the database still says what started it; one it no longer says is dropped ({@link
 * #dropStale}, before any rule decides). A Rule 3 promote may also go on while the peer is still
 * gone, whatever the database says: it never waited for the database.
 */
final class ResumeInterrupted implements Rule {

    static WatchdogState dropStale(
            Observations o, WatchdogState s, Optional<DbView> db, List<String> notes) {
        if (s.pending().isEmpty() || db.isEmpty()) return s;
        WatchdogState.Pending p = s.pending().get();
        if (stillHolds(o, p, db.get())) return s;
        notes.add(
                "dropped the interrupted "
                        + p.kind()
                        + " ("
                        + p.reason()
                        + "): the database role has changed since");
        return s.withPending(Optional.empty());
    }

    private static boolean stillHolds(Observations o, WatchdogState.Pending p, DbView db) {
        if (p.kind() == PlanKind.PROMOTE)
            return db.role() == DbRole.PRIMARY || rule3PeerStillGone(o, p);
        return (p.kind() == PlanKind.DEMOTE || p.kind() == PlanKind.REJOIN)
                && db.role() == DbRole.STANDBY;
    }

    private static boolean rule3PeerStillGone(Observations o, WatchdogState.Pending p) {
        return p.rule() == RuleName.RULE3 && PeerGone.in(o);
    }

    @Override
    public Optional<Decision> decide(Situation s) {
        if (s.state().pending().isEmpty()) return Optional.empty();
        WatchdogState.Pending p = s.state().pending().get();
        if (s.db().isEmpty() && !rule3PeerStillGone(s.obs(), p)) {
            s.note("interrupted " + p.kind() + " waits: database role UNKNOWN");
            return Optional.of(s.hold());
        }
        if (p.kind() == PlanKind.DEMOTE && DatacenterFailover.holdsDemote(s.obs(), s.state()))
            return Optional.empty();
        String reason =
                "resume " + p.kind() + " begun at " + p.startedAt() + " (" + p.reason() + ")";
        Plan plan =
                switch (p.kind()) {
                    case PROMOTE -> PlanBuilder.promote(s.config(), s.profiles(), p.rule(), reason);
                    case REJOIN ->
                            PlanBuilder.afterRejoin(
                                    s.config(),
                                    s.profiles(),
                                    reason); // the database is a standby now
                    default -> PlanBuilder.demote(s.config(), s.profiles(), p.rule(), reason);
                };
        return Optional.of(s.act(plan));
    }
}
