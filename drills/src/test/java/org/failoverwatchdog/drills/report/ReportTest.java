package org.failoverwatchdog.drills.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.drills.measure.BadWindow;
import org.failoverwatchdog.drills.measure.DualWriter;
import org.failoverwatchdog.drills.measure.LostWrites;
import org.failoverwatchdog.drills.run.Check;
import org.failoverwatchdog.drills.run.IterationResult;
import org.failoverwatchdog.drills.run.PhaseResult;
import org.junit.jupiter.api.Test;

class ReportTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:00:00Z");

    static IterationResult it(
            int n, double bad, int non200, Double promote, Double converge, int lost, boolean ok) {
        return it(n, bad, non200, promote, converge, lost, ok, java.util.Map.of());
    }

    static IterationResult it(
            int n,
            double bad,
            int non200,
            Double promote,
            Double converge,
            int lost,
            boolean ok,
            Map<String, Double> metrics) {
        PhaseResult p =
                new PhaseResult(
                        "power-off node1",
                        "node1",
                        T0,
                        T0,
                        true,
                        promote,
                        converge,
                        "journal",
                        converge,
                        converge,
                        List.of());
        List<Check> checks = new ArrayList<>(List.of(Check.pass("final state", "ok")));
        if (!ok)
            checks.add(Check.fail("single writer", "12.0 s with two MASTER schedulers | both"));
        return new IterationResult(
                "power-off",
                n,
                "run-" + n,
                T0,
                T0.plusSeconds(60),
                "node1",
                "node2",
                List.of(p),
                metrics,
                new BadWindow((int) bad, bad, non200, 100),
                new DualWriter(ok ? 0 : 12, java.util.Map.of(), 0, List.of()),
                new LostWrites(500, 500 - lost, lost, List.of(), 0),
                3,
                List.of(),
                1,
                List.of(),
                checks,
                List.of(),
                List.of(),
                null);
    }

    @Test
    void summaryTakesMediansOfIterationsAndPhases() {
        DrillSummary s =
                DrillSummary.of(
                        "power-off",
                        "full node power-off",
                        "low minutes",
                        true,
                        List.of(
                                it(1, 20, 22, 12.5, 30.0, 0, true),
                                it(2, 14, 15, 11.0, 40.0, 2, true),
                                it(3, 17, 17, null, 35.0, 0, true)));
        assertEquals(17.0, s.medianBadSeconds());
        assertEquals(20.0, s.maxBadSeconds());
        assertEquals(54, s.non200Total());
        assertEquals(
                11.8, s.medianPromoteSeconds()); // 11.0 and 12.5; the phase without a promotion is
        // left out
        assertEquals(35.0, s.medianConvergeSeconds());
        assertEquals(2, s.lostWrites());
        assertTrue(s.passed());
    }

    @Test
    void markdownRowSaysPassOrFailWithTheReason() {
        DrillSummary ok =
                DrillSummary.of(
                        "power-off",
                        "full node power-off",
                        "low minutes",
                        true,
                        List.of(it(1, 20, 22, 12.5, 30.0, 2, true)));
        DrillSummary bad =
                DrillSummary.of(
                        "partition",
                        "network partition",
                        "split-brain risk",
                        false,
                        List.of(it(1, 0, 0, null, 30.0, 0, false)));
        String md = MarkdownTable.render(List.of(ok, bad), false);
        String[] lines = md.split("\n");
        assertEquals(4, lines.length);
        assertTrue(
                lines[0].startsWith(
                        "| failure | iterations | median bad window (s) | max bad window (s) | non-200 total |"),
                lines[0]);
        assertEquals(
                "| full node power-off (`power-off`) | 1 | 20 | 20 | 22 | 12.5 | 30 | 0 | 2 of 500 (async replication) | — | pass 1/1 |",
                lines[2]);
        assertTrue(
                lines[3].contains(
                        "| — | 30 | 12 | 0 of 500 | — | **FAIL** 0/1: #1 single writer: 12.0 s with two MASTER schedulers \\| both |"),
                lines[3]);
        assertEquals(
                lines[0].chars().filter(c -> c == '|').count() - 0,
                lines[2].chars().filter(c -> c == '|').count());
    }

    @Test
    void withTheReportsRtoColumn() {
        DrillSummary ok =
                DrillSummary.of(
                        "power-off",
                        "full node power-off",
                        "seconds to low minutes",
                        true,
                        List.of(it(1, 20, 22, 12.5, 30.0, 0, true)));
        String md = MarkdownTable.render(List.of(ok), true);
        assertTrue(md.startsWith("| failure | report's RTO | iterations |"), md);
        assertTrue(
                md.contains("| full node power-off (`power-off`) | seconds to low minutes | 1 |"),
                md);
    }

    @Test
    void jsonHasTheRowsAndTheIterations() throws Exception {
        IterationResult r = it(1, 20, 22, 12.5, 30.0, 0, false);
        DrillSummary s =
                DrillSummary.of(
                        "power-off", "full node power-off", "low minutes", true, List.of(r));
        JsonNode j =
                JsonReport.mapper().readTree(JsonReport.render(T0, "lab", List.of(s), List.of(r)));
        assertEquals("2026-11-21T22:00:00Z", j.path("generatedAt").asText());
        assertEquals(false, j.path("passed").asBoolean());
        assertEquals(20.0, j.path("summary").get(0).path("maxBadSeconds").asDouble());
        JsonNode phase = j.path("iterations").get(0).path("phases").get(0);
        assertEquals(12.5, phase.path("promoteSeconds").asDouble());
        assertEquals("2026-11-21T22:00:00Z", phase.path("faultAt").asText());
        assertEquals(
                "single writer",
                j.path("iterations").get(0).path("checks").get(1).path("name").asText());
    }

    static Map<String, Double> figures(Double fence, double twoPrimaries) {
        Map<String, Double> m = new LinkedHashMap<>(); // the drill's order, and null for "not seen"
        m.put("two DB primaries s", twoPrimaries);
        m.put("fence s (read-only)", fence);
        return m;
    }

    @Test
    void theDrillsFiguresAreMediansInTheDrillsOrderAndAFigureNeverSeenIsADash() {
        DrillSummary s =
                DrillSummary.of(
                        "isolated-primary",
                        "primary isolated",
                        "—",
                        true,
                        List.of(
                                it(1, 0, 0, 15.0, 30.0, 0, true, figures(null, 40.0)),
                                it(2, 0, 0, 15.0, 30.0, 0, true, figures(null, 45.5)),
                                it(3, 0, 0, 15.0, 30.0, 0, true, figures(null, 60.0))));
        assertEquals(
                List.of("two DB primaries s", "fence s (read-only)"),
                List.copyOf(s.medianMetrics().keySet()));
        assertEquals(45.5, s.medianMetrics().get("two DB primaries s"));
        assertEquals(null, s.medianMetrics().get("fence s (read-only)"));
        String md = MarkdownTable.render(List.of(s), false);
        assertTrue(
                md.contains(
                        "| 0 of 1500 | two DB primaries s 45.5; fence s (read-only) — | pass 3/3 |"),
                md);
        DrillSummary fenced =
                DrillSummary.of(
                        "isolated-primary",
                        "primary isolated",
                        "—",
                        true,
                        List.of(
                                it(1, 0, 0, 15.0, 30.0, 0, true, figures(8.0, 0)),
                                it(2, 0, 0, 15.0, 30.0, 0, true, figures(null, 0))));
        assertEquals(
                8.0,
                fenced.medianMetrics()
                        .get("fence s (read-only)")); // the iteration that saw no fence is left out
    }

    @Test
    void theIterationsFiguresAreInTheJsonWithTheirNulls() throws Exception {
        IterationResult r = it(1, 0, 0, 15.0, 30.0, 0, true, figures(null, 40.0));
        DrillSummary s =
                DrillSummary.of("isolated-primary", "primary isolated", "—", true, List.of(r));
        JsonNode j =
                JsonReport.mapper().readTree(JsonReport.render(T0, "lab", List.of(s), List.of(r)));
        assertEquals(
                40.0,
                j.path("iterations").get(0).path("metrics").path("two DB primaries s").asDouble());
        assertTrue(j.path("iterations").get(0).path("metrics").get("fence s (read-only)").isNull());
        assertEquals(
                40.0,
                j.path("summary")
                        .get(0)
                        .path("medianMetrics")
                        .path("two DB primaries s")
                        .asDouble());
    }

    @Test
    void theTimelinesSectionLinksEachPictureAndIsEmptyWithout() {
        assertEquals("", MarkdownTable.timelines(List.of()));
        assertEquals(
                "\n## Timelines\n\n![power-off #1](power-off-1.png)\n\n"
                        + "![power-off #2](power-off-2.png)\n\n",
                MarkdownTable.timelines(
                        List.of(
                                new MarkdownTable.Picture("power-off #1", "power-off-1.png"),
                                new MarkdownTable.Picture("power-off #2", "power-off-2.png"))));
    }
}
