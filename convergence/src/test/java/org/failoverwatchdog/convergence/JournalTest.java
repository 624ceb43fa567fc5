package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.convergence.StepResult.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private static PlanResult result(String kind, Instant at, boolean ok) {
        Plan plan = new Plan(kind, "rule1", "local DB is primary, profile is ha-secondary",
                List.of(new Step.SetEnv(Map.of("COMPOSE_PROFILES", "ha-primary")), new Step.Start(List.of("edge"))));
        return new PlanResult(plan, at, Duration.ofMillis(1234), List.of(
                new StepResult("set {COMPOSE_PROFILES=ha-primary}", Outcome.DONE, Duration.ofMillis(3), "written"),
                new StepResult("start edge", ok ? Outcome.DONE : Outcome.FAILED, Duration.ofMillis(1200), ok ? "" : "exited 1: \"quoted\"\nline")),
                ok);
    }

    @Test
    void roundTripNewestFirst() throws Exception {
        Path file = dir.resolve("var/lib/watchdog/journal.jsonl");
        Journal j = new Journal(file);
        j.append(result("PROMOTE", Instant.parse("2026-01-02T03:04:05.678Z"), true), "node-a");
        j.append(result("DEMOTE", Instant.parse("2026-01-02T03:05:00Z"), false), "node-a");

        List<Journal.Entry> entries = j.read();
        assertEquals(2, entries.size());
        Journal.Entry newest = entries.get(0);
        assertEquals("DEMOTE", newest.kind());
        assertFalse(newest.succeeded());
        assertEquals(Instant.parse("2026-01-02T03:05:00Z"), newest.time());
        assertEquals("exited 1: \"quoted\"\nline", newest.steps().get(1).detail());
        Journal.Entry oldest = entries.get(1);
        assertEquals(new Journal.Entry(Instant.parse("2026-01-02T03:04:05.678Z"), "node-a", "PROMOTE", "rule1",
                "local DB is primary, profile is ha-secondary", true, 1234, List.of(
                new Journal.StepEntry("set {COMPOSE_PROFILES=ha-primary}", "DONE", 3, "written"),
                new Journal.StepEntry("start edge", "DONE", 1200, ""))), oldest);

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), "one line per plan");
        assertTrue(lines.get(0).startsWith("{\"time\":\"2026-01-02T03:04:05.678Z\",\"node\":\"node-a\""), lines.get(0));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void skipsACorruptLineWithAWarningNamingFileAndLine() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal j = new Journal(file);
        j.append(result("PROMOTE", Instant.parse("2026-01-02T03:04:05Z"), true), "node-a");
        Files.writeString(file, "{\"time\": not json\n", StandardOpenOption.APPEND);
        Files.writeString(file, "{\"kind\":\"REPAIR\"}\n", StandardOpenOption.APPEND); // valid JSON, no time
        j.append(result("REPAIR", Instant.parse("2026-01-02T03:06:00Z"), true), "node-a");

        List<String> warnings = new ArrayList<>();
        List<Journal.Entry> entries = j.read(warnings::add);
        assertEquals(List.of("REPAIR", "PROMOTE"), entries.stream().map(Journal.Entry::kind).toList());
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith(file + ":2: "), warnings.get(0));
        assertTrue(warnings.get(1).startsWith(file + ":3: "), warnings.get(1));
    }

    @Test
    void anAppendAfterAHalfWrittenLineStartsOnAFreshLine() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal j = new Journal(file);
        j.append(result("PROMOTE", Instant.parse("2026-01-02T03:04:05Z"), true), "node-a");
        Files.write(file, "{\"time\":\"2026-01-02T03:0".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND); // crash mid-append
        j.append(result("REPAIR", Instant.parse("2026-01-02T03:06:00Z"), true), "node-a");

        List<String> warnings = new ArrayList<>();
        assertEquals(List.of("REPAIR", "PROMOTE"), j.read(warnings::add).stream().map(Journal.Entry::kind).toList());
        assertEquals(1, warnings.size());
    }

    @Test
    void aJournalThatDoesNotExistYetIsEmpty() throws Exception {
        assertEquals(List.of(), new Journal(dir.resolve("none.jsonl")).read());
    }
}
