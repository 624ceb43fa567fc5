package org.failoverwatchdog.drills.measure;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.failoverwatchdog.drills.observe.HealthSample;

/**
 * The reference deployment's measure of an outage: probe the public health URL once a second and
 * count consecutive non-200 answers; the longest such run is the bad window.
 *
 * @param longestRun probes in the longest run of consecutive non-200s
 * @param longestSeconds that run as time: from its first probe to the next 200 (or, when the run
 *     never ended, its last probe plus one interval), so a slow or skipped probe does not shorten
 *     it
 * @param non200 all non-200 probes, runs or not
 */
public record BadWindow(int longestRun, double longestSeconds, int non200, int probes) {

    public static BadWindow of(List<HealthSample> samples, Duration interval) {
        List<HealthSample> s =
                samples.stream().sorted(Comparator.comparing(HealthSample::at)).toList();
        int run = 0, best = 0, non200 = 0;
        double bestSeconds = 0;
        int runStart = -1;
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).ok()) {
                if (run > 0)
                    bestSeconds = Math.max(bestSeconds, seconds(s.get(runStart), s.get(i)));
                run = 0;
                continue;
            }
            non200++;
            if (run == 0) runStart = i;
            run++;
            best = Math.max(best, run);
        }
        if (run > 0) {
            double open =
                    seconds(s.get(runStart), s.get(s.size() - 1)) + interval.toMillis() / 1000.0;
            bestSeconds = Math.max(bestSeconds, open);
        }
        return new BadWindow(best, round1(bestSeconds), non200, s.size());
    }

    private static double seconds(HealthSample a, HealthSample b) {
        return Duration.between(a.at(), b.at()).toMillis() / 1000.0;
    }

    public static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
