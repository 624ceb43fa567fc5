package org.failoverwatchdog.drills.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.failoverwatchdog.drills.observe.HealthSample;
import org.junit.jupiter.api.Test;

class BadWindowTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:00:00Z");

    /** One probe a second with the given codes. */
    static List<HealthSample> codes(int... cs) {
        List<HealthSample> out = new ArrayList<>();
        for (int i = 0; i < cs.length; i++)
            out.add(new HealthSample(T0.plusSeconds(i), cs[i], 10, ""));
        return out;
    }

    @Test
    void longestRunOfConsecutiveNon200sIsTheBadWindow() {
        BadWindow b =
                BadWindow.of(
                        codes(200, 503, 503, 200, 0, 503, 503, 503, 200, 200),
                        Duration.ofSeconds(1));
        assertEquals(4, b.longestRun()); // no answer at all (0) is as bad as a 503
        assertEquals(4.0, b.longestSeconds());
        assertEquals(6, b.non200());
        assertEquals(10, b.probes());
    }

    @Test
    void allOkIsZero() {
        BadWindow b = BadWindow.of(codes(200, 200, 200), Duration.ofSeconds(1));
        assertEquals(0, b.longestRun());
        assertEquals(0.0, b.longestSeconds());
        assertEquals(0, b.non200());
    }

    @Test
    void aRunStillOpenAtTheEndCountsUpToOneIntervalPastItsLastProbe() {
        BadWindow b = BadWindow.of(codes(200, 503, 503), Duration.ofSeconds(1));
        assertEquals(2, b.longestRun());
        assertEquals(2.0, b.longestSeconds());
    }

    @Test
    void secondsFollowTheClockWhenAProbeIsMissing() {
        // probes at 0, 1, 4 (two seconds lost to a hung probe), 5: the outage lasted 4 s, not 2
        // probes' worth
        List<HealthSample> s =
                List.of(
                        new HealthSample(T0, 200, 1, ""),
                        new HealthSample(T0.plusSeconds(1), 0, 3000, "timeout"),
                        new HealthSample(T0.plusSeconds(4), 503, 5, ""),
                        new HealthSample(T0.plusSeconds(5), 200, 5, ""));
        BadWindow b = BadWindow.of(s, Duration.ofSeconds(1));
        assertEquals(2, b.longestRun());
        assertEquals(4.0, b.longestSeconds());
    }

    @Test
    void orderOfArrivalDoesNotMatter() {
        List<HealthSample> s = new ArrayList<>(codes(200, 503, 200, 503, 503, 200));
        Collections.reverse(s);
        assertEquals(2, BadWindow.of(s, Duration.ofSeconds(1)).longestRun());
    }

    @Test
    void noSamplesNoWindow() {
        assertEquals(new BadWindow(0, 0.0, 0, 0), BadWindow.of(List.of(), Duration.ofSeconds(1)));
    }
}
