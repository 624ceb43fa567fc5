package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The names on disk (journal, state.json, FW_* of the hook) never change: files written before must
 * still read.
 */
class PlanVocabularyTest {
    @Test
    void kindsAreWrittenByName() {
        assertEquals(
                List.of(
                        "PROMOTE",
                        "DEMOTE",
                        "ENSURE_ROUTER",
                        "REPAIR",
                        "FENCE",
                        "UNFENCE",
                        "REJOIN"),
                Arrays.stream(PlanKind.values()).map(PlanKind::name).toList());
        assertEquals(Optional.of(PlanKind.REJOIN), PlanKind.of("REJOIN"));
        assertEquals(Optional.empty(), PlanKind.of("rejoin"));
    }

    @Test
    void onlyRoleChangesResume() {
        assertEquals(
                List.of(PlanKind.PROMOTE, PlanKind.DEMOTE, PlanKind.UNFENCE, PlanKind.REJOIN),
                Arrays.stream(PlanKind.values()).filter(PlanKind::resumable).toList());
    }

    @Test
    void rulesAreWrittenAsBefore() {
        assertEquals(
                List.of("rule1", "rule2", "rule3", "fence"),
                Arrays.stream(RuleName.values()).map(RuleName::wire).toList());
        assertEquals(
                "rule3", RuleName.RULE3.toString(), "logs and messages say it as the journal does");
        assertEquals(Optional.of(RuleName.FENCE), RuleName.of("fence"));
        assertEquals(Optional.empty(), RuleName.of("RULE1"));
    }
}
