package org.failoverwatchdog.probes;

import java.time.Duration;

/** Measures a probe's latency with the monotonic clock. */
public final class Stopwatch {
    private final long start = System.nanoTime();

    public static Stopwatch start() {
        return new Stopwatch();
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
