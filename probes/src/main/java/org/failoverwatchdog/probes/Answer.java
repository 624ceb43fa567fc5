package org.failoverwatchdog.probes;

/** A yes/no observation with the detail that explains it (for status lines and the journal). */
public record Answer(boolean ok, String detail) {
    public static Answer yes(String detail) {
        return new Answer(true, detail);
    }

    public static Answer no(String detail) {
        return new Answer(false, detail);
    }

    @Override
    public String toString() {
        return (ok ? "OK" : "FAIL") + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
