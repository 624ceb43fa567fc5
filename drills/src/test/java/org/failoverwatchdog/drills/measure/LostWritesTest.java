package org.failoverwatchdog.drills.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LostWritesTest {
    static Set<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toSet());
    }

    @Test
    void everyAcknowledgedWritePresentIsNoLoss() {
        LostWrites l = LostWrites.of(range(1, 100), range(1, 100));
        assertEquals(0, l.lost());
        assertEquals(100, l.acknowledged());
    }

    @Test
    void acknowledgedButMissingAreLostAndListed() {
        Set<Integer> present = range(1, 95);
        LostWrites l = LostWrites.of(range(1, 100), present);
        assertEquals(5, l.lost());
        assertEquals(List.of(96, 97, 98, 99, 100), l.lostSeqs());
    }

    @Test
    void aRowWhoseAcknowledgementWasLostIsNotALoss() {
        Set<Integer> acked = range(1, 10);
        acked.remove(5); // the client saw an error for 5, but the commit landed
        LostWrites l = LostWrites.of(acked, range(1, 10));
        assertEquals(0, l.lost());
        assertEquals(1, l.unacknowledgedPresent());
    }

    @Test
    void theListIsCappedButTheCountIsNot() {
        LostWrites l = LostWrites.of(range(1, 500), Set.of());
        assertEquals(500, l.lost());
        assertEquals(50, l.lostSeqs().size());
    }
}
