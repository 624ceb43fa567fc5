package org.failoverwatchdog.drills.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalEntryTest {
    @Test
    void readsTheWatchdogsLinesAndSkipsTornOnes() {
        String text =
                """
                {"time":"2026-11-21T21:38:04.100Z","node":"node2","kind":"PROMOTE","rule":"rule1","reason":"db primary","succeeded":true,"totalMs":21111,"steps":[]}
                {"time":"2026-11-21T21:39:0
                {"time":"2026-11-21T21:40:00Z","node":"node1","kind":"DEMOTE","rule":"rule1","reason":"db standby","succeeded":false,"totalMs":500,"steps":[]}
                not json
                """;
        List<JournalEntry> es = JournalEntry.parseLines(text);
        assertEquals(2, es.size());
        JournalEntry p = es.get(0);
        assertEquals("PROMOTE", p.kind());
        assertTrue(p.succeeded());
        // time is when the plan started; it ended totalMs later
        assertEquals(Instant.parse("2026-11-21T21:38:25.211Z"), p.end());
        assertEquals("node1", es.get(1).node());
    }

    @Test
    void entriesOfOneKindSinceAMomentWithHalfASecondOfClockSlack() {
        Instant cut = Instant.parse("2026-11-21T21:40:00Z");
        List<JournalEntry> es =
                List.of(
                        new JournalEntry(
                                cut.minusSeconds(60),
                                "node1",
                                "FENCE",
                                "rule4",
                                "an earlier drill",
                                true,
                                300),
                        new JournalEntry(
                                cut.plusSeconds(20),
                                "node1",
                                "FENCE",
                                "rule4",
                                "peer and witness unreachable",
                                true,
                                400),
                        new JournalEntry(
                                cut.minusMillis(300),
                                "node1",
                                "FENCE",
                                "rule4",
                                "started as the cut landed",
                                false,
                                100),
                        new JournalEntry(
                                cut.plusSeconds(5),
                                "node1",
                                "DEMOTE",
                                "rule1",
                                "db standby",
                                true,
                                900));
        List<JournalEntry> f = JournalEntry.ofKindSince(es, "FENCE", cut);
        assertEquals(2, f.size());
        assertEquals(cut.minusMillis(300), f.get(0).time(), "oldest first, inside the slack");
        assertEquals(Instant.parse("2026-11-21T21:40:20.400Z"), f.get(1).end());
    }
}
