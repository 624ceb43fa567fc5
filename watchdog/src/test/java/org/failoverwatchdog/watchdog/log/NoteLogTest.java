package org.failoverwatchdog.watchdog.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A note repeated every tick is logged when it appears and when it goes away, not every tick. */
class NoteLogTest {
    private static final String UNKNOWN =
            "database role UNKNOWN: UNKNOWN (timeout after 2000 ms): Rule 1 waits";

    @Test
    void aRepeatingNoteIsLoggedOnceThenOnceMoreWhenItGoesAway() {
        List<String> logged = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<List<String>> ticks =
                List.of(
                        List.of(UNKNOWN),
                        List.of(UNKNOWN),
                        List.of(
                                UNKNOWN,
                                "active router absent 1200 ms of 5000 ms (Rule 3 threshold)"),
                        List.of(
                                UNKNOWN,
                                "active router absent 11200 ms of 5000 ms (Rule 3 threshold)"), // only its numbers moved
                        List.of("active router absent 21200 ms of 5000 ms (Rule 3 threshold)"),
                        List.of());
        for (List<String> notes : ticks) {
            NoteLog.Change c = NoteLog.diff(logged, notes);
            c.appeared().forEach(lines::add);
            c.gone().forEach(n -> lines.add("no longer: " + n));
            logged = c.logged();
        }
        assertEquals(
                List.of(
                        UNKNOWN,
                        "active router absent 1200 ms of 5000 ms (Rule 3 threshold)",
                        "no longer: " + UNKNOWN,
                        "no longer: active router absent 1200 ms of 5000 ms (Rule 3 threshold)"),
                lines);
        assertEquals(List.of(), logged);
    }

    @Test
    void nothingChangedIsNoChange() {
        NoteLog.Change c = NoteLog.diff(List.of(UNKNOWN), List.of(UNKNOWN.replace("2000", "2001")));
        assertFalse(c.changed());
        assertEquals(List.of(UNKNOWN), c.logged(), "kept as it was first logged");
        assertEquals(
                List.of(UNKNOWN.replace("2000", "2001")),
                c.still(),
                "for the debug level, as it reads now");
    }
}
