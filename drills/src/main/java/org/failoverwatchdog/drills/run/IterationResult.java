package org.failoverwatchdog.drills.run;

import java.time.Instant;
import java.util.List;
import org.failoverwatchdog.drills.measure.BadWindow;
import org.failoverwatchdog.drills.measure.DualWriter;
import org.failoverwatchdog.drills.measure.JournalEntry;
import org.failoverwatchdog.drills.measure.LostWrites;
import org.failoverwatchdog.drills.observe.HealthSample;

/** Everything measured in one iteration of one drill; passed when every check passed. */
public record IterationResult(String drill, int iteration, String runId, Instant started, Instant ended, String primaryBefore,
                              String primaryAfter, List<PhaseResult> phases, BadWindow badWindow, DualWriter dualWriter,
                              LostWrites lostWrites, int writerErrors, List<String> writerErrorSamples, int maxConcurrentDbPrimaries,
                              List<JournalEntry> journal, List<Check> checks, List<String> notes, List<HealthSample> nonOkProbes) {
    public IterationResult {
        phases = List.copyOf(phases);
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
