package org.failoverwatchdog.drills.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.run.Check;
import org.junit.jupiter.api.Test;

/** The stale-witness drill's own checks, from when the peer was promoted and the primary fenced. */
class StaleWitnessTest {
    private static final Inventory.Node A =
            new Inventory.Node("node1", "10.0.0.11", Optional.empty());
    private static final Inventory.Node B =
            new Inventory.Node("node2", "10.0.0.12", Optional.empty());
    private static final Instant CUT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant PROMOTED = CUT.plusSeconds(15);

    @Test
    void withoutRepmgrsPromotionTheFaultWasNotReproducedAndTheDrillCannotPass() {
        Check none = StaleWitness.promotion(B, CUT, Optional.empty());
        assertFalse(none.passed());
        assertEquals("repmgr promoted node2 during the cut", none.name());
        assertTrue(none.detail().startsWith("the fault was not reproduced"), none.detail());
        Check seen = StaleWitness.promotion(B, CUT, Optional.of(PROMOTED));
        assertTrue(seen.passed());
        assertEquals("node2 answered as primary 15.0 s after the cut", seen.detail());
    }

    @Test
    void theOldPrimaryMustBeReadOnlyWithinFiveSecondsOfThePromotion() {
        Check fast =
                StaleWitness.fenceReaction(A, B, PROMOTED, Optional.of(PROMOTED.plusSeconds(2)));
        assertTrue(fast.passed(), fast.toString());
        assertEquals("node1 fenced itself within 5 s of node2's promotion", fast.name());
        assertEquals("read-only 2.0 s after node2 answered as primary", fast.detail());
        assertTrue(
                StaleWitness.fenceReaction(A, B, PROMOTED, Optional.of(PROMOTED.plusSeconds(5)))
                        .passed());
        assertFalse(
                StaleWitness.fenceReaction(A, B, PROMOTED, Optional.of(PROMOTED.plusMillis(5_500)))
                        .passed());
        Check never = StaleWitness.fenceReaction(A, B, PROMOTED, Optional.empty());
        assertFalse(never.passed());
        assertEquals("never seen read-only after node2 answered as primary", never.detail());
    }
}
