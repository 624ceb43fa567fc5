package org.failoverwatchdog.drills.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DualWriterTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:00:00Z");

    /** A MASTER writing once a second from second from to second to (inclusive), 100 ms offset. */
    static List<HeartbeatRow> beats(String node, String svc, int from, int to, int offsetMs) {
        List<HeartbeatRow> out = new ArrayList<>();
        for (int s = from; s <= to; s++)
            out.add(new HeartbeatRow(node, svc, T0.plusSeconds(s).plusMillis(offsetMs)));
        return out;
    }

    @Test
    void aCleanHandoverHasNoDualWriter() {
        List<HeartbeatRow> rows = new ArrayList<>(beats("node1", "EDGE", 0, 30, 900));
        rows.addAll(
                beats("node2", "EDGE", 31, 60, 50)); // node2 starts 150 ms after node1's last row
        DualWriter d = DualWriter.of(rows, DualWriter.DEFAULT_MAX_GAP);
        assertTrue(d.clean(), d.toString());
        assertEquals(0.0, d.seconds());
    }

    @Test
    void bothNodesWritingTheSameTypeOverlap() {
        List<HeartbeatRow> rows = new ArrayList<>(beats("node1", "EDGE", 0, 30, 0));
        rows.addAll(
                beats(
                        "node2", "EDGE", 20, 50,
                        500)); // node2's run 20.5..50.5 overlaps node1's 0..30 for 9.5 s
        DualWriter d = DualWriter.of(rows, DualWriter.DEFAULT_MAX_GAP);
        assertFalse(d.clean());
        assertEquals(9.5, d.seconds());
        assertEquals(9.5, d.secondsByService().get("EDGE"));
        assertEquals(1, d.overlaps().size());
    }

    @Test
    void differentTypesOnDifferentNodesAreNotDualWriters() {
        List<HeartbeatRow> rows = new ArrayList<>(beats("node1", "EDGE", 0, 30, 0));
        rows.addAll(beats("node2", "GATEWAY", 0, 30, 0));
        assertTrue(DualWriter.of(rows, DualWriter.DEFAULT_MAX_GAP).clean());
    }

    @Test
    void theTotalIsTheUnionOverTypesNotTheSum() {
        List<HeartbeatRow> rows = new ArrayList<>();
        for (String t : List.of("EDGE", "GATEWAY", "BASTION", "DATASERVICE")) {
            rows.addAll(beats("node1", t, 0, 20, 0));
            rows.addAll(beats("node2", t, 10, 30, 0));
        }
        DualWriter d = DualWriter.of(rows, DualWriter.DEFAULT_MAX_GAP);
        assertEquals(10.0, d.seconds());
        assertEquals(4, d.secondsByService().size());
    }

    @Test
    void aGapSplitsARunSoASilentPeriodIsNotCountedAsWriting() {
        List<HeartbeatRow> rows = new ArrayList<>(beats("node1", "EDGE", 0, 10, 0));
        rows.addAll(beats("node1", "EDGE", 40, 50, 0)); // node1 stopped 10..40 (e.g. restarted)
        rows.addAll(beats("node2", "EDGE", 12, 38, 0)); // node2 was MASTER in between
        assertTrue(DualWriter.of(rows, DualWriter.DEFAULT_MAX_GAP).clean());
    }

    @Test
    void aLoneRowInsideTheOtherNodesRunIsCaught() {
        List<HeartbeatRow> rows = new ArrayList<>(beats("node1", "EDGE", 0, 30, 0));
        rows.add(new HeartbeatRow("node2", "EDGE", T0.plusSeconds(15).plusMillis(300)));
        DualWriter d = DualWriter.of(rows, DualWriter.DEFAULT_MAX_GAP);
        assertEquals(0.0, d.seconds());
        assertEquals(1, d.interleavedRows());
        assertFalse(d.clean());
    }

    @Test
    void noRowsIsClean() {
        assertTrue(DualWriter.of(List.of(), DualWriter.DEFAULT_MAX_GAP).clean());
    }
}
