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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.failoverwatchdog.convergence.StepResult.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir Path dir;

    private static PlanResult result(PlanKind kind, Instant at, boolean ok) {
        Plan plan =
                new Plan(
                        kind,
                        RuleName.RULE1,
                        "local DB is primary, profile is ha-secondary",
                        List.of(
                                new Step.SetEnv(Map.of("COMPOSE_PROFILES", "ha-primary")),
                                new Step.Start(List.of("edge"))));
        return new PlanResult(
                plan,
                at,
                Duration.ofMillis(1234),
                List.of(
                        new StepResult(
                                "set {COMPOSE_PROFILES=ha-primary}",
                                Outcome.DONE,
                                Duration.ofMillis(3),
                                "written"),
                        new StepResult(
                                "start edge",
                                ok ? Outcome.DONE : Outcome.FAILED,
                                Duration.ofMillis(1200),
                                ok ? "" : "exited 1: \"quoted\"\nline")),
                ok);
    }

    @Test
    void anEntryNoPlanMadeReadsBackAsWritten() throws Exception {
        Journal j = new Journal(dir.resolve("journal.jsonl"));
        j.append(result(PlanKind.PROMOTE, T, true), "node2");
        Journal.Entry operator =
                new Journal.Entry(
                        T.plusSeconds(60),
                        "node2",
                        "FAILOVER",
                        "operator",
                        "alice asserts node1 is gone",
                        true,
                        4200,
                        List.of(new Journal.StepEntry("repmgr standby promote", "DONE", 2100, "")));
        j.append(operator);
        List<Journal.Entry> entries = j.read();
        assertEquals(2, entries.size());
        assertEquals(operator, entries.get(0), "newest first, every field as written");
        assertEquals("PROMOTE", entries.get(1).kind());
    }

    @Test
    void roundTripNewestFirst() throws Exception {
        Path file = dir.resolve("var/lib/watchdog/journal.jsonl");
        Journal j = new Journal(file);
        j.append(
                result(PlanKind.PROMOTE, Instant.parse("2026-01-02T03:04:05.678Z"), true),
                "node-a");
        j.append(result(PlanKind.DEMOTE, Instant.parse("2026-01-02T03:05:00Z"), false), "node-a");

        List<Journal.Entry> entries = j.read();
        assertEquals(2, entries.size());
        Journal.Entry newest = entries.get(0);
        assertEquals("DEMOTE", newest.kind());
        assertFalse(newest.succeeded());
        assertEquals(Instant.parse("2026-01-02T03:05:00Z"), newest.time());
        assertEquals("exited 1: \"quoted\"\nline", newest.steps().get(1).detail());
        Journal.Entry oldest = entries.get(1);
        assertEquals(
                new Journal.Entry(
                        Instant.parse("2026-01-02T03:04:05.678Z"),
                        "node-a",
                        "PROMOTE",
                        "rule1",
                        "local DB is primary, profile is ha-secondary",
                        true,
                        1234,
                        List.of(
                                new Journal.StepEntry(
                                        "set {COMPOSE_PROFILES=ha-primary}", "DONE", 3, "written"),
                                new Journal.StepEntry("start edge", "DONE", 1200, ""))),
                oldest);

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), "one line per plan");
        assertTrue(
                lines.get(0)
                        .startsWith("{\"time\":\"2026-01-02T03:04:05.678Z\",\"node\":\"node-a\""),
                lines.get(0));
        assertEquals(
                "rwxr-x---",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void skipsACorruptLineWithAWarningNamingFileAndLine() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal j = new Journal(file);
        j.append(result(PlanKind.PROMOTE, Instant.parse("2026-01-02T03:04:05Z"), true), "node-a");
        Files.writeString(file, "{\"time\": not json\n", StandardOpenOption.APPEND);
        Files.writeString(
                file, "{\"kind\":\"REPAIR\"}\n", StandardOpenOption.APPEND); // valid JSON, no time
        j.append(result(PlanKind.REPAIR, Instant.parse("2026-01-02T03:06:00Z"), true), "node-a");

        List<String> warnings = new ArrayList<>();
        List<Journal.Entry> entries = j.read(warnings::add);
        assertEquals(
                List.of("REPAIR", "PROMOTE"), entries.stream().map(Journal.Entry::kind).toList());
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith(file + ":2: "), warnings.get(0));
        assertTrue(warnings.get(1).startsWith(file + ":3: "), warnings.get(1));
    }

    @Test
    void anAppendAfterAHalfWrittenLineStartsOnAFreshLine() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal j = new Journal(file);
        j.append(result(PlanKind.PROMOTE, Instant.parse("2026-01-02T03:04:05Z"), true), "node-a");
        Files.write(
                file,
                "{\"time\":\"2026-01-02T03:0".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND); // crash mid-append
        j.append(result(PlanKind.REPAIR, Instant.parse("2026-01-02T03:06:00Z"), true), "node-a");

        List<String> warnings = new ArrayList<>();
        assertEquals(
                List.of("REPAIR", "PROMOTE"),
                j.read(warnings::add).stream().map(Journal.Entry::kind).toList());
        assertEquals(1, warnings.size());
    }

    @Test
    void aJournalThatDoesNotExistYetIsEmpty() throws Exception {
        assertEquals(List.of(), new Journal(dir.resolve("none.jsonl")).read());
    }

    private static PlanResult numbered(int i, Instant at) {
        Plan plan =
                new Plan(
                        PlanKind.REPAIR,
                        RuleName.RULE2,
                        "#" + i,
                        List.of(new Step.Start(List.of("edge"))));
        return new PlanResult(
                plan,
                at,
                Duration.ofMillis(5),
                List.of(new StepResult("start edge", Outcome.DONE, Duration.ofMillis(5), "")),
                true);
    }

    private static List<Integer> numbers(List<Journal.Entry> entries) {
        return entries.stream().map(e -> Integer.parseInt(e.reason().substring(1))).toList();
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void rotatesBySizeAndHistoryReadsEveryFileNewestFirst() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        int lineBytes = (Journal.toJson(numbered(1, T), "node-a") + "\n").length();
        Journal j =
                new Journal(
                        file,
                        new JournalRotation(
                                2L * lineBytes, Duration.ofDays(30), 10)); // two entries a file
        for (int i = 1; i <= 7; i++) j.append(numbered(i, T.plusSeconds(i)), "node-a");

        assertEquals(
                List.of(
                        "journal.jsonl.20260102T030408.000Z",
                        "journal.jsonl.20260102T030410.000Z",
                        "journal.jsonl.20260102T030412.000Z"),
                names(j.rotated()),
                "named by the time of the rotation, oldest first");
        assertEquals(1, Files.readAllLines(file).size(), "the 7th entry began a new file");
        assertEquals(2, Files.readAllLines(j.rotated().get(0)).size());
        assertEquals(List.of(7, 6, 5, 4, 3, 2, 1), numbers(j.read()));
        assertEquals(List.of(7, 6, 5), numbers(j.read(3, w -> {})), "the newest, across files");
        assertEquals(List.of(), j.read(0, w -> {}));
        assertEquals(
                "rw-r-----",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "the new current file is 0640 too");
        assertEquals(
                "rw-r-----",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(j.rotated().get(2))),
                "a rename keeps the mode");
    }

    @Test
    void rotatesWhenTheFirstEntryIsOlderThanMaxAge() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal j = new Journal(file, new JournalRotation(1L << 20, Duration.ofHours(1), 5));
        j.append(numbered(1, T), "node-a");
        j.append(numbered(2, T.plus(Duration.ofMinutes(59))), "node-a");
        assertEquals(List.of(), j.rotated(), "within max_age of the first entry");
        j.append(numbered(3, T.plus(Duration.ofMinutes(61))), "node-a");
        assertEquals(List.of("journal.jsonl.20260102T040505.000Z"), names(j.rotated()));
        assertEquals(
                List.of(3),
                numbers(
                        new Journal(file, new JournalRotation(1L << 20, Duration.ofHours(1), 5))
                                .read(1, w -> {})));
        assertEquals(1, Files.readAllLines(file).size());
        assertEquals(List.of(3, 2, 1), numbers(j.read()));
    }

    @Test
    void keepsOnlyTheNewestRotatedFiles() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal j =
                new Journal(
                        file,
                        new JournalRotation(
                                10, Duration.ofDays(1), 2)); // every entry rotates the one before
        for (int i = 1; i <= 6; i++) j.append(numbered(i, T.plusSeconds(i)), "node-a");
        assertEquals(2, j.rotated().size(), names(j.rotated()).toString());
        assertEquals(
                List.of(6, 5, 4),
                numbers(j.read()),
                "the current file and the two newest rotated ones");
    }

    @Test
    void aClockSetBackDoesNotReorderTheRotatedFiles() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal j = new Journal(file, new JournalRotation(10, Duration.ofDays(1), 5));
        j.append(numbered(1, T), "node-a");
        j.append(numbered(2, T.plusSeconds(60)), "node-a");
        j.append(numbered(3, T.minusSeconds(3600)), "node-a"); // the clock went back an hour
        assertEquals(
                List.of("journal.jsonl.20260102T030505.000Z", "journal.jsonl.20260102T030505.001Z"),
                names(j.rotated()));
        assertEquals(List.of(3, 2, 1), numbers(j.read()), "in the order they were written");
    }

    @Test
    void readsOnlyItsOwnFiles() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal j = new Journal(file, new JournalRotation(10, Duration.ofDays(1), 5));
        j.append(numbered(1, T), "node-a");
        j.append(numbered(2, T.plusSeconds(1)), "node-a");
        String foreign = Journal.toJson(numbered(99, T), "node-a") + "\n";
        for (String n :
                List.of(
                        "journal.jsonl.bak",
                        "journal.jsonl.20260102T030405Z",
                        ".journal.jsonl.123.tmp",
                        "other.jsonl.20260102T030405.000Z")) {
            Files.writeString(dir.resolve(n), foreign);
        }
        assertEquals(List.of(2, 1), numbers(j.read()));
        assertEquals(1, j.rotated().size());
    }

    @Test
    void aReaderDuringRotationsSeesEachEntryOnceAndNoGap() throws Exception {
        List<String> bad = readWhileRotating(1000, true);
        assertEquals(List.of(), bad.subList(0, Math.min(3, bad.size())));
    }

    @Test
    void aReaderDuringRotationsAndPruningSeesAnUnbrokenRun() throws Exception {
        List<String> bad = readWhileRotating(2, false);
        assertEquals(List.of(), bad.subList(0, Math.min(3, bad.size())));
    }

    /**
     * Appends 300 entries, a rotation every third, while another thread reads: each read must be a
     * run of consecutive entries, newest first (down to the first entry when nothing is pruned).
     */
    private List<String> readWhileRotating(int keep, boolean fromTheFirst) throws Exception {
        Path file = dir.resolve("journal.jsonl");
        int lineBytes = (Journal.toJson(numbered(100, T), "node-a") + "\n").length();
        JournalRotation rotation = new JournalRotation(3L * lineBytes, Duration.ofDays(1), keep);
        Journal writer = new Journal(file, rotation);
        Journal reader = new Journal(file, rotation);
        AtomicBoolean done = new AtomicBoolean();
        List<String> bad = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                while (!done.get()) {
                                    List<Integer> seen =
                                            numbers(reader.read(w -> bad.add("warning: " + w)));
                                    reads.incrementAndGet();
                                    for (int k = 0; k < seen.size(); k++) {
                                        if (seen.get(k) != seen.get(0) - k
                                                || (fromTheFirst
                                                        && seen.get(k) != seen.size() - k)) {
                                            bad.add("read " + seen);
                                            break;
                                        }
                                    }
                                }
                            } catch (Exception e) {
                                bad.add(e.toString());
                            }
                        });
        t.start();
        for (int i = 1; i <= 300; i++) writer.append(numbered(i, T.plusSeconds(i)), "node-a");
        done.set(true);
        t.join();
        assertTrue(reads.get() > 0);
        assertEquals(300, numbers(reader.read(1, w -> {})).get(0));
        return bad;
    }
}
