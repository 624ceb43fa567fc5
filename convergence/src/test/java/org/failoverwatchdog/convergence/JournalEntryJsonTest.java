package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's line as a record bound by the shared mapper: written and read back to itself, read
 * as leniently as before (only time and kind required), and a line that is wrong named with its
 * file, line and field.
 */
class JournalEntryJsonTest {
    @TempDir Path dir;

    @Test
    void anEntryRoundTrips() throws Exception {
        Journal.Entry e =
                new Journal.Entry(
                        Instant.parse("2026-01-02T03:04:05.678Z"),
                        "node-a",
                        "PROMOTE",
                        "rule1",
                        "ünïcode \"reason\"",
                        true,
                        1234,
                        List.of(new Journal.StepEntry("start edge", "DONE", 1200, "a\nb")));
        String line = Json.LINE.writeValueAsString(e);
        assertEquals(
                "{\"time\":\"2026-01-02T03:04:05.678Z\",\"node\":\"node-a\",\"kind\":\"PROMOTE\",\"rule\":\"rule1\","
                        + "\"reason\":\"ünïcode \\\"reason\\\"\",\"succeeded\":true,\"totalMs\":1234,\"steps\":[{"
                        + "\"step\":\"start edge\",\"outcome\":\"DONE\",\"ms\":1200,\"detail\":\"a\\nb\"}]}",
                line);
        assertEquals(e, Json.MAPPER.readValue(line, Journal.Entry.class));
    }

    @Test
    void onlyTimeAndKindAreRequiredAndAWrongLineIsNamed() throws Exception {
        Path f = dir.resolve("journal.jsonl");
        Files.writeString(
                f,
                String.join(
                                "\n",
                                "{\"time\":\"2026-01-02T03:04:05Z\",\"kind\":\"FENCE\",\"steps\":[{\"step\":\"x\"}]}",
                                "{\"kind\":\"DEMOTE\"}",
                                "{\"time\":\"2026-01-02T03:04:05Z\",\"kind\":\"DEMOTE\",\"totalMs\":\"long\"}",
                                "{\"time\":\"soon\",\"kind\":\"DEMOTE\"}",
                                "[]",
                                "")
                        + "\n");
        List<String> warnings = new ArrayList<>();
        assertEquals(
                List.of(
                        new Journal.Entry(
                                Instant.parse("2026-01-02T03:04:05Z"),
                                "",
                                "FENCE",
                                "",
                                "",
                                false,
                                0,
                                List.of(new Journal.StepEntry("x", "", 0, "")))),
                new Journal(f).read(warnings::add));
        assertEquals(
                List.of(
                        f + ":2: skipped an unreadable journal line (no \"time\")",
                        f + ":3: skipped an unreadable journal line (totalMs is not a number)",
                        f
                                + ":4: skipped an unreadable journal line (time is not an ISO-8601 time: 'soon')",
                        f + ":5: skipped an unreadable journal line (not a JSON object)"),
                warnings);
        assertTrue(warnings.stream().allMatch(w -> w.startsWith(f + ":")));
    }
}
