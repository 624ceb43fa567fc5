package org.failoverwatchdog.drills.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionWatcherTest {
    static final Instant T0 = Instant.parse("2026-11-21T22:00:00Z");

    @Test
    void promotionIsTheFirstPrimaryAnswerOfAnotherNodeAfterTheFault() {
        List<RoleSample> s = List.of(new RoleSample("node1", T0, "PRIMARY"), new RoleSample("node2", T0, "STANDBY"),
                new RoleSample("node1", T0.plusSeconds(1), "DOWN"), new RoleSample("node2", T0.plusMillis(12500), "PRIMARY"),
                new RoleSample("node2", T0.plusSeconds(13), "PRIMARY"));
        assertEquals(Optional.of(T0.plusMillis(12500)), PromotionWatcher.promotedAfter(s, "node1", T0.plusMillis(200)));
        assertEquals(1, PromotionWatcher.maxConcurrentPrimaries(s));
    }

    @Test
    void twoPrimariesAtOnceAreCounted() {
        List<RoleSample> s = List.of(new RoleSample("node2", T0, "PRIMARY"), new RoleSample("node1", T0.plusSeconds(1), "PRIMARY"),
                new RoleSample("node1", T0.plusSeconds(2), "STANDBY"));
        assertEquals(2, PromotionWatcher.maxConcurrentPrimaries(s));
    }
}
