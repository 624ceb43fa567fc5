package org.failoverwatchdog.drills.run;

import java.time.Instant;
import java.util.List;

/**
 * One fault and the recovery from it. Times are seconds from measuredFrom (the fault; for the
 * partition, the moment the link came back). converge is the watchdog journal's account when it has
 * one (end of its last successful transition before the state was seen converged), else the
 * observed moment the invariants first held; both are kept.
 */
public record PhaseResult(
        String label,
        String primaryBefore,
        Instant faultAt,
        Instant measuredFrom,
        boolean promotionExpected,
        Double promoteSeconds,
        Double convergeSeconds,
        String convergeSource,
        Double convergeObservedSeconds,
        Double convergeJournalSeconds,
        List<String> problemsAtDeadline) {
    public PhaseResult {
        problemsAtDeadline = List.copyOf(problemsAtDeadline);
    }
}
