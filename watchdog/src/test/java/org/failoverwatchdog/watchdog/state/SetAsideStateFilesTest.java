package org.failoverwatchdog.watchdog.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetAsideStateFilesTest {
    @TempDir Path dir;

    @Test
    void aCorruptFileIsRenamedAsideWithItsTimeAndNeverOverAnother() throws Exception {
        Path state = dir.resolve("state.json");
        SetAsideStateFiles files = new SetAsideStateFiles(state);
        Instant t = Instant.parse("2026-11-30T06:20:00.250Z");
        Files.writeString(state, "{\"version\":1, trunc");
        Path first = files.setAside(t);
        assertEquals(dir.resolve("state.json.corrupt-20261130T062000Z"), first);
        assertFalse(Files.exists(state));
        assertEquals(
                "{\"version\":1, trunc",
                Files.readString(first),
                "kept as it was, for the operator");

        Files.writeString(state, "{\"version\":2}");
        Path second = files.setAside(t.plusMillis(500)); // the same second
        assertEquals(dir.resolve("state.json.corrupt-20261130T062000Z-2"), second);
        assertEquals(
                "{\"version\":1, trunc", Files.readString(first), "the first one is not replaced");

        Files.writeString(dir.resolve("state.json.corrupt-notatime"), "x"); // not ours: ignored
        Files.writeString(dir.resolve("monitor.json"), "{}");
        List<SetAsideStateFiles.SetAside> present = files.present();
        assertEquals(
                List.of(second, first),
                present.stream().map(SetAsideStateFiles.SetAside::file).toList(),
                "newest first");
        assertEquals(Instant.parse("2026-11-30T06:20:00Z"), present.get(1).at());
        assertEquals("not JSON (line 1)", present.get(1).problem());
        assertEquals("field version is not 1", present.get(0).problem());
        Files.delete(first);
        Files.delete(second);
        assertEquals(List.of(), files.present(), "removing them is the acknowledgement");
    }
}
