package org.failoverwatchdog.drills.run;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.drills.measure.BadWindow;
import org.failoverwatchdog.drills.measure.DualWriter;
import org.failoverwatchdog.drills.measure.IterationTimeline;
import org.failoverwatchdog.drills.measure.JournalEntry;
import org.failoverwatchdog.drills.measure.LostWrites;
import org.failoverwatchdog.drills.observe.HealthSample;

/**
 * Everything measured in one iteration of one drill; passed when every check passed. metrics: the
 * drill's own figures (e.g. the isolated primary's time to fence), in the order the drill gave
 * them; a null value is a figure that was not seen. timeline: what the chart draws (null when
 * nothing was measured: the start was not healthy).
 */
public record IterationResult(
        String drill,
        int iteration,
        String runId,
        Instant started,
        Instant ended,
        String primaryBefore,
        String primaryAfter,
        List<PhaseResult> phases,
        Map<String, Double> metrics,
        BadWindow badWindow,
        DualWriter dualWriter,
        LostWrites lostWrites,
        int writerErrors,
        List<String> writerErrorSamples,
        int maxConcurrentDbPrimaries,
        List<JournalEntry> journal,
        List<Check> checks,
        List<String> notes,
        List<HealthSample> nonOkProbes,
        IterationTimeline timeline) {
    public IterationResult {
        phases = List.copyOf(phases);
        metrics =
                Collections.unmodifiableMap(
                        new LinkedHashMap<>(metrics)); // Map.copyOf refuses the nulls
        journal = List.copyOf(journal);
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
        writerErrorSamples = List.copyOf(writerErrorSamples);
        nonOkProbes = List.copyOf(nonOkProbes);
    }

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    public List<Check> failedChecks() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
