package org.failoverwatchdog.drills.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.failoverwatchdog.drills.chart.ChartData.Count;
import org.failoverwatchdog.drills.chart.ChartData.Mark;
import org.failoverwatchdog.drills.chart.ChartData.MarkKind;
import org.failoverwatchdog.drills.chart.ChartData.Transition;
import org.failoverwatchdog.drills.chart.ChartData.TransitionKind;
import org.failoverwatchdog.drills.measure.BadWindow;
import org.failoverwatchdog.drills.measure.DualWriter;
import org.failoverwatchdog.drills.measure.IterationTimeline;
import org.failoverwatchdog.drills.measure.IterationTimeline.Lane;
import org.failoverwatchdog.drills.measure.IterationTimeline.State;
import org.failoverwatchdog.drills.measure.IterationTimeline.StateRun;
import org.failoverwatchdog.drills.measure.JournalEntry;
import org.failoverwatchdog.drills.measure.LostWrites;
import org.failoverwatchdog.drills.measure.RoleSample;
import org.failoverwatchdog.drills.observe.ClusterState;
import org.failoverwatchdog.drills.observe.HealthSample;
import org.failoverwatchdog.drills.observe.NodeFacts;
import org.failoverwatchdog.drills.report.JsonReport;
import org.failoverwatchdog.drills.run.Check;
import org.failoverwatchdog.drills.run.IterationResult;
import org.failoverwatchdog.drills.run.PhaseResult;
import org.junit.jupiter.api.Test;

class TimelineChartTest {
    /** A real switchover (there and back) of the last session, recorded before timelines. */
    static final String SWITCHOVER = "/results-switchover/results.json";

    static final Instant T0 = Instant.parse("2026-11-30T07:42:58.950Z");
    static final Path OUT = Path.of("target", "timeline-test");

    static JsonNode fixture() throws IOException {
        try (InputStream in = TimelineChartTest.class.getResourceAsStream(SWITCHOVER)) {
            return JsonReport.mapper().readTree(in);
        }
    }

    static Instant at(double s) {
        return T0.plusMillis(Math.round(s * 1000));
    }

    @Test
    void anOldResultsJsonGivesItsFailedProbesPhasesAndJournal() throws IOException {
        ChartData d = ChartData.of(fixture().path("iterations").get(0));
        assertFalse(d.recorded());
        assertTrue(
                d.title().startsWith("switchover #1: PASS (bad window 11 s, 15 non-200"),
                d.title());
        // x = 0 is the first phase's fault, 08:27:03.19; the 15 non-200 probes fall in 6..16 and
        // 29..32
        assertEquals(15, d.lb().stream().mapToInt(Count::failed).sum());
        assertEquals(0, d.lb().stream().mapToInt(Count::ok).sum());
        assertEquals(new Count(6, 0, 1), d.lb().get(0));
        assertEquals(new Count(32, 0, 1), d.lb().get(d.lb().size() - 1));
        assertEquals(15, d.lb().size());
        assertTrue(d.writes().isEmpty());
        assertTrue(d.bands().isEmpty());
        assertEquals(
                List.of(
                        new Mark(0.0, MarkKind.FAULT, "node2 to node1"),
                        new Mark(4.5, MarkKind.PROMOTION, "DB promoted (not node2)"),
                        new Mark(24.2, MarkKind.FAULT, "node1 to node2"),
                        new Mark(24.2 + 3.7, MarkKind.PROMOTION, "DB promoted (not node1)")),
                d.marks());
        assertEquals(
                List.of(
                        new Transition("node1", TransitionKind.PROMOTE, "rule1", true, 4.7, 16.6),
                        new Transition("node2", TransitionKind.DEMOTE, "rule1", true, 5.2, 23.4),
                        new Transition("node2", TransitionKind.PROMOTE, "rule1", true, 28.7, 34.8),
                        new Transition("node1", TransitionKind.DEMOTE, "rule1", true, 29.3, 40.3)),
                d.transitions());
        assertEquals(List.of("node1", "node2"), d.nodes());
        assertEquals(0.0, d.from());
        assertEquals(45.0, d.to()); // ended, 08:27:48.19
    }

    @Test
    void aRecordedIterationGoesThroughResultsJsonIntoTheChartsData() throws IOException {
        ChartData d = ChartData.of(roundTrip(recorded()));
        assertTrue(d.recorded());
        assertTrue(
                d.subtitle().startsWith("seconds since the fault (power-off of node1"),
                d.subtitle());
        // LB: one probe a second from -5 to 59, failing 1..16
        assertEquals(65, d.lb().size());
        assertEquals(new Count(-5, 1, 0), d.lb().get(0));
        assertEquals(16, d.lb().stream().mapToInt(Count::failed).sum());
        assertEquals(49, d.lb().stream().mapToInt(Count::ok).sum());
        // writer: ten a second, none acknowledged from 0 to 11, where it fails once in 2 s
        assertEquals(10, d.writes().get(0).ok());
        assertEquals(0, d.writes().get(5 + 3).ok());
        assertEquals(6, d.writes().stream().mapToInt(Count::failed).sum());
        assertEquals(
                List.of(
                        new StateRun("node1", Lane.DB, State.PRIMARY, -5.0, 0.5),
                        new StateRun("node1", Lane.DB, State.DOWN, 0.5, 30.0),
                        new StateRun("node1", Lane.DB, State.STANDBY, 30.0, 60.0)),
                d.bands().stream()
                        .filter(b -> b.node().equals("node1") && b.lane() == Lane.DB)
                        .toList());
        assertEquals(
                List.of(
                        new StateRun("node2", Lane.APP, State.PASSIVE, -5.0, 14.0),
                        // no look from 40 to 50: the one at 39 stands 5 s at most
                        new StateRun("node2", Lane.APP, State.ACTIVE, 14.0, 44.0),
                        new StateRun("node2", Lane.APP, State.ACTIVE, 50.0, 60.0)),
                d.bands().stream()
                        .filter(b -> b.node().equals("node2") && b.lane() == Lane.APP)
                        .toList());
        assertEquals(
                List.of(
                        new Mark(
                                0.0,
                                MarkKind.FAULT,
                                "power-off of node1 (docker kill fwlab-node1)"),
                        new Mark(11.0, MarkKind.PROMOTION, "node2 DB primary"),
                        new Mark(20.0, MarkKind.RESTORE, "power on node1")),
                d.marks());
        assertEquals(3, d.transitions().size());
        assertEquals(
                new Transition("node1", TransitionKind.REJOIN, "fence", false, 22.7, 45.6),
                d.transitions().get(1));
        assertEquals(-5.0, d.from());
        assertEquals(60.0, d.to());
    }

    @Test
    void bothRenderAsPngsOfTheChartsSize() throws IOException {
        Files.createDirectories(OUT);
        List<String> warnings = new ArrayList<>();
        Optional<Path> old =
                TimelinePictures.render(fixture().path("iterations").get(0), OUT, warnings::add);
        Optional<Path> full = TimelinePictures.render(recorded(), OUT, warnings::add);
        assertEquals(List.of(), warnings);
        assertEquals(Optional.of(OUT.resolve("switchover-1.png")), old);
        assertEquals(Optional.of(OUT.resolve("power-off-1.png")), full);
        for (Path f : List.of(old.get(), full.get())) {
            BufferedImage img = ImageIO.read(f.toFile());
            assertEquals(TimelineChart.WIDTH, img.getWidth(), f.toString());
            assertEquals(TimelineChart.HEIGHT, img.getHeight(), f.toString());
        }
    }

    @Test
    void aFailureIsOneWarningNamingTheFileNeverAnException() throws IOException {
        List<String> warnings = new ArrayList<>();
        Path missing = OUT.resolve("no-such-dir");
        Optional<Path> f =
                TimelinePictures.render(
                        fixture().path("iterations").get(0), missing, warnings::add);
        assertEquals(Optional.empty(), f);
        assertEquals(1, warnings.size());
        assertTrue(
                warnings.get(0)
                        .startsWith(
                                "no timeline picture "
                                        + missing.resolve("switchover-1.png")
                                        + ": "),
                warnings.get(0));
        assertTrue(warnings.get(0).contains("NoSuchFileException"), warnings.get(0));
    }

    @Test
    void aResultsFolderRendersAgainFromItsResultsJson() throws IOException {
        Path dir = OUT.resolve("again");
        Files.createDirectories(dir);
        try (InputStream in = TimelineChartTest.class.getResourceAsStream(SWITCHOVER)) {
            Files.copy(
                    in,
                    dir.resolve("results.json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(dir.resolve("switchover-1.png"));
        List<String> warnings = new ArrayList<>();
        assertEquals(
                List.of(dir.resolve("switchover-1.png")),
                TimelinePictures.renderAll(dir, warnings::add));
        assertEquals(List.of(), warnings);
        assertTrue(Files.size(dir.resolve("switchover-1.png")) > 10_000);
    }

    /** The iteration as results.json has it, read back. */
    static JsonNode roundTrip(IterationResult r) throws IOException {
        String json = JsonReport.render(T0, "test", List.of(), List.of(r));
        return JsonReport.mapper().readTree(json).path("iterations").get(0);
    }

    static NodeFacts.Reachable node(String name, NodeFacts.DbRole db, boolean primaryApp) {
        return new NodeFacts.Reachable(
                name,
                name,
                db,
                "",
                primaryApp ? "ha-primary" : "ha-secondary",
                "",
                primaryApp,
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                "",
                "off");
    }

    /**
     * A power-off of node1 at 0 measured from -5 to 60: node2's database promoted at 11 and its app
     * layer at 14; node1 powered on at 20, back as a standby at 30; no look between 40 and 50.
     */
    static IterationResult recorded() {
        List<HealthSample> lb = new ArrayList<>();
        for (int s = -5; s < 60; s++)
            lb.add(new HealthSample(at(s + 0.1), s >= 1 && s <= 16 ? 503 : 200, 5, ""));
        List<Instant> acks = new ArrayList<>(), failures = new ArrayList<>();
        for (int t = -50; t < 600; t++) {
            double s = t / 10.0;
            if (s < 0 || s >= 12) acks.add(at(s));
        }
        for (int s = 0; s < 12; s += 2) failures.add(at(s + 1.5));
        List<RoleSample> roles = new ArrayList<>();
        for (int t = -10; t < 120; t++) {
            double s = t / 2.0;
            roles.add(
                    new RoleSample(
                            "node1", at(s), s <= 0 ? "PRIMARY" : s < 30 ? "DOWN" : "STANDBY"));
            roles.add(new RoleSample("node2", at(s), s < 11 ? "STANDBY" : "PRIMARY"));
        }
        List<ClusterState> looks = new ArrayList<>();
        for (int s = -5; s < 60; s++) {
            if (s >= 40 && s < 50) continue;
            NodeFacts n1 =
                    s < 1
                            ? node("node1", NodeFacts.DbRole.PRIMARY, true)
                            : s < 30
                                    ? new NodeFacts.Unreachable("node1", "port 22 unreachable")
                                    : node("node1", NodeFacts.DbRole.STANDBY, false);
            NodeFacts n2 =
                    node(
                            "node2",
                            s < 11 ? NodeFacts.DbRole.STANDBY : NodeFacts.DbRole.PRIMARY,
                            s >= 14);
            looks.add(new ClusterState(at(s), List.of(n1, n2), lb.get(0), Map.of()));
        }
        List<IterationTimeline.Event> events =
                List.of(
                        new IterationTimeline.Event(
                                T0,
                                IterationTimeline.EventKind.FAULT,
                                "power-off of node1 (docker kill fwlab-node1)"),
                        new IterationTimeline.Event(
                                at(20), IterationTimeline.EventKind.RESTORE, "power on node1"));
        IterationTimeline timeline =
                IterationTimeline.of(T0, at(-5), at(60), lb, acks, failures, roles, looks, events);
        List<JournalEntry> journal =
                List.of(
                        new JournalEntry(
                                at(10.7), "node2", "PROMOTE", "rule3", "peer silent", true, 4559),
                        new JournalEntry(
                                at(22.7),
                                "node1",
                                "REJOIN",
                                "fence",
                                "stale primary",
                                false,
                                22914),
                        new JournalEntry(at(48), "node1", "REJOIN", "fence", "resume", true, 4935));
        PhaseResult phase =
                new PhaseResult(
                        "power-off node1",
                        "node1",
                        T0,
                        T0,
                        true,
                        11.0,
                        17.0,
                        "journal",
                        17.0,
                        15.2,
                        List.of());
        return new IterationResult(
                "power-off",
                1,
                "power-off-test-1",
                at(-8),
                at(60),
                "node1",
                "node2",
                List.of(phase),
                Map.of(),
                BadWindow.of(lb, java.time.Duration.ofSeconds(1)),
                new DualWriter(0, Map.of(), 0, List.of()),
                new LostWrites(acks.size(), acks.size(), 0, List.of(), 0),
                failures.size(),
                List.of(),
                1,
                journal,
                List.of(Check.pass("final state", "ok")),
                List.of(),
                lb.stream().filter(h -> !h.ok()).toList(),
                timeline);
    }
}
