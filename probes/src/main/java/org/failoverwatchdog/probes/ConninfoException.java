package org.failoverwatchdog.probes;

/**
 * A conninfo the watchdog cannot use: what is wrong, and the fix, apart so the config loader can
 * put them after the file, line and field. Never carries a secret's value.
 */
public final class ConninfoException extends IllegalArgumentException {
    private final String problem;
    private final String fix;

    ConninfoException(String problem, String fix) {
        super(problem + " (fix: " + fix + ")");
        this.problem = problem;
        this.fix = fix;
    }

    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }
}
