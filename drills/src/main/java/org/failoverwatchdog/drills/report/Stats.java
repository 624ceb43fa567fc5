package org.failoverwatchdog.drills.report;

import java.util.List;
import java.util.Objects;

/**
 * Median and max over measured values; a phase without a value (n/a) is left out, not counted as 0.
 */
final class Stats {
    private Stats() {}

    static Double median(List<Double> values) {
        List<Double> v = values.stream().filter(Objects::nonNull).sorted().toList();
        if (v.isEmpty()) return null;
        int n = v.size();
        double m = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        return Math.round(m * 10) / 10.0;
    }

    static Double max(List<Double> values) {
        return values.stream().filter(Objects::nonNull).max(Double::compare).orElse(null);
    }
}
