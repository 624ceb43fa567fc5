package org.failoverwatchdog.watchdog.rules;

import java.time.Duration;
import java.time.Instant;

/**
 * The rules' one comparison of a time against a window: "too recent" (min_role_change_interval,
 * repair_grace, ...) or "too long ago".
 */
final class Elapsed {
    private Elapsed() {}

    /** From then to now is shorter than window. */
    static boolean lessThan(Instant then, Instant now, Duration window) {
        return Duration.between(then, now).compareTo(window) < 0;
    }

    /** From then to now is longer than window (exactly window is not). */
    static boolean moreThan(Instant then, Instant now, Duration window) {
        return Duration.between(then, now).compareTo(window) > 0;
    }
}
