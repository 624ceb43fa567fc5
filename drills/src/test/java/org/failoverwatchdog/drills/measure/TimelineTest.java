package org.failoverwatchdog.drills.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:00:00Z");

    static Timeline.Point p(long ms, boolean holds) {
        return new Timeline.Point(T0.plusMillis(ms), holds);
    }

    @Test
    void eachSampleStandsUntilTheNextOneAndTheLastUntilTheEnd() {
        List<Timeline.Point> s =
                List.of(p(0, false), p(1000, true), p(2000, true), p(4500, false), p(5000, true));
        assertEquals(3.5 + 1.0, Timeline.seconds(s, T0, T0.plusSeconds(6)));
    }

    @Test
    void clippedToTheRangeAndOrderedByTime() {
        List<Timeline.Point> s = List.of(p(5000, false), p(0, true), p(3000, true));
        assertEquals(3.0, Timeline.seconds(s, T0.plusSeconds(2), T0.plusSeconds(10)), "2..5 s");
        assertEquals(0.0, Timeline.seconds(List.of(), T0, T0.plusSeconds(10)));
    }

    @Test
    void betweenIsInTenthsOfASecond() {
        assertEquals(15.3, Timeline.between(T0, T0.plusMillis(15_290)));
    }
}
