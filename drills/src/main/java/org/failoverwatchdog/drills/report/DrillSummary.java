package org.failoverwatchdog.drills.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.drills.run.Check;
import org.failoverwatchdog.drills.run.IterationResult;
import org.failoverwatchdog.drills.run.PhaseResult;

/**
 * One row of the table: a drill over all its iterations. Bad windows are per iteration; promotion
 * and convergence times per phase (a switchover iteration has two). Counts are totals.
 * medianMetrics: the drill's own figures, each the median over the iterations that saw it (null:
 * none did).
 */
public record DrillSummary(
        String drill,
        String failure,
        String reportRto,
        int iterations,
        int passedIterations,
        Double medianBadSeconds,
        Double maxBadSeconds,
        int non200Total,
        Double medianPromoteSeconds,
        Double medianConvergeSeconds,
        double dualWriterSeconds,
        int lostWrites,
        int acknowledgedWrites,
        boolean lostWritesAllowed,
        Map<String, Double> medianMetrics,
        List<String> failures) {
    public DrillSummary {
        medianMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(medianMetrics));
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return iterations > 0 && passedIterations == iterations;
    }

    public static DrillSummary of(
            String drill,
            String failure,
            String reportRto,
            boolean lostWritesAllowed,
            List<IterationResult> its) {
        List<Double> bad = new ArrayList<>(),
                promote = new ArrayList<>(),
                converge = new ArrayList<>();
        int non200 = 0, lost = 0, acked = 0, passed = 0;
        double dual = 0;
        List<String> failures = new ArrayList<>();
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        for (IterationResult r : its) {
            r.metrics()
                    .forEach((k, v) -> metrics.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            bad.add(r.badWindow().longestSeconds());
            non200 += r.badWindow().non200();
            dual += r.dualWriter().seconds();
            lost += r.lostWrites().lost();
            acked += r.lostWrites().acknowledged();
            for (PhaseResult p : r.phases()) {
                promote.add(p.promoteSeconds());
                converge.add(p.convergeSeconds());
            }
            if (r.passed()) passed++;
            for (Check c : r.failedChecks())
                failures.add("#" + r.iteration() + " " + c.name() + ": " + c.detail());
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        metrics.forEach((k, v) -> medians.put(k, Stats.median(v)));
        return new DrillSummary(
                drill,
                failure,
                reportRto,
                its.size(),
                passed,
                Stats.median(bad),
                Stats.max(bad),
                non200,
                Stats.median(promote),
                Stats.median(converge),
                Math.round(dual * 10) / 10.0,
                lost,
                acked,
                lostWritesAllowed,
                medians,
                failures);
    }
}
