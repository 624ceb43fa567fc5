package org.failoverwatchdog.watchdog.cli;

/** The verdict of `status`, in the monitoring-plugin convention: the ordinal is the exit code. */
enum Verdict {
    OK,
    WARNING,
    CRITICAL,
    UNKNOWN;

    int exitCode() {
        return ordinal();
    }

    /**
     * Worst wins: CRITICAL over UNKNOWN over WARNING over OK (an unknown state may hide a critical
     * one, not the reverse).
     */
    Verdict worst(Verdict other) {
        return rank(other) > rank(this) ? other : this;
    }

    private static int rank(Verdict v) {
        return switch (v) {
            case OK -> 0;
            case WARNING -> 1;
            case UNKNOWN -> 2;
            case CRITICAL -> 3;
        };
    }
}
