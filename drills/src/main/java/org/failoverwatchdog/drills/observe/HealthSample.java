package org.failoverwatchdog.drills.observe;

import java.time.Instant;

/**
 * One probe of the public health URL: when it was sent, the HTTP code (0: no answer), how long it
 * took.
 */
public record HealthSample(Instant at, int code, long millis, String error) {
    public boolean ok() {
        return code == 200;
    }
}
