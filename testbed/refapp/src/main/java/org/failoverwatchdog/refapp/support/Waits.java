package org.failoverwatchdog.refapp.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded, polled waits: every wait in the app ends by deadline or by a stop condition. */
public final class Waits {

    private static final long POLL_MS = 50;

    private Waits() {}

    /**
     * Waits up to {@code max}, returning early (true) as soon as {@code done} holds. Returns false
     * when the time ran out or the thread was interrupted.
     */
    public static boolean until(Duration max, BooleanSupplier done) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_MS, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
