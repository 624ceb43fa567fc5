package org.failoverwatchdog.watchdog.cli;

import java.util.List;
import java.util.Optional;

/**
 * One named check of an operator's command (switchover, failover): passed, or refused with what was
 * seen and the fix. Every check is shown, passed or not, by --dry-run and --json.
 */
record Precheck(Name name, boolean passed, String detail, Optional<String> fix) {

    enum Name {
        TARGET_STANDBY(
                "target-standby", "the target is a streaming standby of the current primary"),
        LAG("lag", "the target's replay is close enough to the primary"),
        APP_LAYERS("app-layers", "both app layers follow their databases"),
        COMPLETE_VIEW("complete-view", "everything the checks read could be read"),
        NOT_PAUSED("not-paused", "nothing is paused"),
        NOT_FENCED("not-fenced", "nothing is fenced"),
        NO_TRANSITION("no-transition", "no transition is running"),
        SETTLED("settled", "the last role change is min_role_change_interval old"),
        WITNESS("witness", "the witness answers"),
        REPMGR_DRY_RUN("repmgr-dry-run", "repmgr's own dry run"),
        TARGET_IS_STANDBY("target-is-standby", "this node's database is a standby"),
        OLD_PRIMARY_GONE("old-primary-gone", "nothing of the old primary answers");

        final String wire;
        final String what;

        Name(String wire, String what) {
            this.wire = wire;
            this.what = what;
        }
    }

    static Precheck pass(Name name, String detail) {
        return new Precheck(name, true, detail, Optional.empty());
    }

    static Precheck fail(Name name, String detail, String fix) {
        return new Precheck(name, false, detail, Optional.of(fix));
    }

    /**
     * Passed when nothing stands in the way; else failed, with what does (joined by "; ") and the
     * fix.
     */
    static Precheck unless(Name name, List<String> problems, String passed, String fix) {
        return problems.isEmpty()
                ? pass(name, passed)
                : fail(name, String.join("; ", problems), fix);
    }

    static boolean allPassed(List<Precheck> checks) {
        return checks.stream().allMatch(Precheck::passed);
    }

    /** One line: {@code ok lag: 8192 B behind ...} or {@code FAIL lag: ... (fix: ...)}. */
    String line() {
        return (passed ? "ok   " : "FAIL ")
                + name.wire
                + ": "
                + detail
                + fix.map(f -> " (fix: " + f + ")").orElse("");
    }
}
