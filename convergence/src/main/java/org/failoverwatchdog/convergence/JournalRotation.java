package org.failoverwatchdog.convergence;

import java.time.Duration;

/**
 * When the journal's current file is closed and a new one begun, and how many closed files are
 * kept. The journal only grows on a transition, so rotation is checked when a line is appended.
 *
 * @param maxBytes the current file is rotated before a line that would take it past this size
 * @param maxAge the current file is rotated before a line written this long after its first line
 * @param keep rotated files kept; the oldest beyond this are deleted
 */
public record JournalRotation(long maxBytes, Duration maxAge, int keep) {
    /**
     * 10 MiB, 30 days, 5 files: years of transitions, and a `history` that reads in milliseconds.
     */
    public static final JournalRotation DEFAULT =
            new JournalRotation(10L << 20, Duration.ofDays(30), 5);

    public JournalRotation {
        if (maxBytes < 1)
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        if (maxAge.isNegative() || maxAge.isZero())
            throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
        if (keep < 1) throw new IllegalArgumentException("keep must be at least 1: " + keep);
    }
}
