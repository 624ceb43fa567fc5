package org.failoverwatchdog.drills.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriterWorkloadTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:00:00Z");

    @Test
    void theWritesThroughOneNodeAfterAMomentAreTheOnesAtRisk() {
        List<WriterWorkload.Ack> acks =
                List.of(
                        new WriterWorkload.Ack(1, "node2", T0),
                        new WriterWorkload.Ack(2, "node1", T0.plusSeconds(10)),
                        new WriterWorkload.Ack(5, "node1", T0.plusSeconds(20)),
                        new WriterWorkload.Ack(6, "node2", T0.plusSeconds(21)));
        Instant promoted = T0.plusSeconds(15);
        assertEquals(
                Set.of(5),
                WriterWorkload.seqs(
                        acks, a -> a.node().equals("node1") && a.at().isAfter(promoted)));
        assertEquals(Set.of(1, 2, 5, 6), WriterWorkload.seqs(acks, a -> true));
        LostWrites lost =
                LostWrites.of(
                        WriterWorkload.seqs(
                                acks, a -> a.node().equals("node1") && a.at().isAfter(promoted)),
                        Set.of(1, 2, 6));
        assertEquals(1, lost.lost());
    }
}
