package org.failoverwatchdog.drills.measure;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A condition sampled over time (two primaries, two routers, both LB servers up): each sample
 * stands until the next one, so a slow sample still counts for the time it took; the last one
 * stands until the end of the range.
 */
public final class Timeline {
    private Timeline() {}

    public record Point(Instant at, boolean holds) {}

    /** From a to b in seconds, to a tenth (every time in the results is). */
    public static double between(Instant a, Instant b) {
        return BadWindow.round1(Duration.between(a, b).toMillis() / 1000.0);
    }

    /** Seconds between from and to during which the condition held. */
    public static double seconds(List<Point> points, Instant from, Instant to) {
        List<Point> s = points.stream().sorted(Comparator.comparing(Point::at)).toList();
        long millis = 0;
        for (int i = 0; i < s.size(); i++) {
            if (!s.get(i).holds()) continue;
            Instant a = s.get(i).at().isBefore(from) ? from : s.get(i).at();
            Instant b = i + 1 < s.size() && s.get(i + 1).at().isBefore(to) ? s.get(i + 1).at() : to;
            if (a.isBefore(b)) millis += Duration.between(a, b).toMillis();
        }
        return BadWindow.round1(millis / 1000.0);
    }
}
