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
        List<RoleSample> s =
                List.of(
                        new RoleSample("node1", T0, "PRIMARY"),
                        new RoleSample("node2", T0, "STANDBY"),
                        new RoleSample("node1", T0.plusSeconds(1), "DOWN"),
                        new RoleSample("node2", T0.plusMillis(12500), "PRIMARY"),
                        new RoleSample("node2", T0.plusSeconds(13), "PRIMARY"));
        assertEquals(
                Optional.of(T0.plusMillis(12500)),
                PromotionWatcher.promotedAfter(s, "node1", T0.plusMillis(200)));
        assertEquals(1, PromotionWatcher.maxConcurrentPrimaries(s));
    }

    @Test
    void twoPrimariesAtOnceAreCounted() {
        List<RoleSample> s =
                List.of(
                        new RoleSample("node2", T0, "PRIMARY"),
                        new RoleSample("node1", T0.plusSeconds(1), "PRIMARY"),
                        new RoleSample("node1", T0.plusSeconds(2), "STANDBY"));
        assertEquals(2, PromotionWatcher.maxConcurrentPrimaries(s));
    }

    @Test
    void secondsWithTwoPrimariesLastUntilEitherAnswersOtherwise() {
        // node1 isolated and still primary; node2 promoted at +15 s; node1 rewound (DOWN, then
        // STANDBY) at +70 s
        List<RoleSample> s =
                List.of(
                        new RoleSample("node1", T0, "PRIMARY"),
                        new RoleSample("node2", T0, "STANDBY"),
                        new RoleSample("node2", T0.plusSeconds(15), "PRIMARY"),
                        new RoleSample("node1", T0.plusSeconds(40), "PRIMARY"),
                        new RoleSample("node1", T0.plusSeconds(70), "DOWN"),
                        new RoleSample("node1", T0.plusSeconds(80), "STANDBY"));
        assertEquals(55.0, PromotionWatcher.secondsWithTwoPrimaries(s, T0, T0.plusSeconds(90)));
        assertEquals(
                20.0,
                PromotionWatcher.secondsWithTwoPrimaries(s, T0.plusSeconds(50), T0.plusSeconds(90)),
                "clipped to the range");
        assertEquals(
                0.0,
                PromotionWatcher.secondsWithTwoPrimaries(s.subList(0, 2), T0, T0.plusSeconds(90)));
    }

    @Test
    void twoPrimariesStillSeenAtTheEndCountUntilTheEnd() {
        List<RoleSample> s =
                List.of(
                        new RoleSample("node1", T0, "PRIMARY"),
                        new RoleSample("node2", T0.plusMillis(15500), "PRIMARY"));
        assertEquals(44.5, PromotionWatcher.secondsWithTwoPrimaries(s, T0, T0.plusSeconds(60)));
    }

    @Test
    void theNewestPrimaryIsTheOneWhoseRunOfPrimaryAnswersBeganLast() {
        List<RoleSample> s =
                List.of(
                        new RoleSample("node1", T0, "PRIMARY"),
                        new RoleSample("node2", T0, "STANDBY"),
                        new RoleSample("node2", T0.plusSeconds(15), "PRIMARY"),
                        new RoleSample("node1", T0.plusSeconds(16), "PRIMARY"));
        assertEquals(
                Optional.of("node2"),
                PromotionWatcher.newestPrimary(s),
                "node1 has been primary since before");
        List<RoleSample> rewound = new java.util.ArrayList<>(s);
        rewound.add(new RoleSample("node2", T0.plusSeconds(30), "DOWN"));
        assertEquals(
                Optional.of("node1"),
                PromotionWatcher.newestPrimary(rewound),
                "a node that stopped answering primary is not one");
        assertEquals(
                Optional.empty(),
                PromotionWatcher.newestPrimary(List.of(new RoleSample("node1", T0, "DOWN"))));
    }
}
