package org.failoverwatchdog.probes;

/**
 * Whether a host can be heard on the network at all, from one TCP connection attempt. A refusal is
 * an answer (the host is there, nothing listens on the port); only silence (a timeout, no route)
 * says the path to the host is gone, which is what fencing asks.
 */
public record Reach(Kind kind, String detail) {

    public enum Kind {
        ACCEPTS,
        REFUSES,
        SILENT
    }

    public boolean silent() {
        return kind == Kind.SILENT;
    }

    /** As the check-port observation reads it: only an accepted connection counts as "answers". */
    public Answer asAnswer() {
        return new Answer(kind == Kind.ACCEPTS, detail);
    }

    @Override
    public String toString() {
        return kind + " (" + detail + ")";
    }
}
