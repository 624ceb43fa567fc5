package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** `repmgr cluster show` as repmgr 5.3 prints it in the lab. */
class WitnessRecordTest {
    private static List<String> show(String witnessUpstream, String node1Status) {
        return List.of(
                " ID | Name    | Role    | Status    | Upstream | Location | Priority | Timeline | Connection string",
                "----+---------+---------+-----------+----------+----------+----------+----------+------------------",
                " 1  | node1   | primary | "
                        + node1Status
                        + " |          | default  | 100      | 3        | host=10.231.77.11",
                " 2  | node2   | standby |   running | node1    | default  | 100      | 3        | host=10.231.77.12",
                " 3  | witness | witness | * running | "
                        + witnessUpstream
                        + "    | default  | 0        | n/a      | host=10.231.77.13");
    }

    @Test
    void aWitnessFollowingThePrimaryIsNotStale() {
        WitnessRecord r = WitnessRecord.parse(show("node1", "* running")).orElseThrow();
        assertEquals(new WitnessRecord("witness", "node1", "node1"), r);
        assertFalse(r.stale());
    }

    @Test
    void aWitnessLeftOnTheStandbyIsStale() {
        WitnessRecord r = WitnessRecord.parse(show("node2", "* running")).orElseThrow();
        assertTrue(r.stale(), r.toString());
    }

    @Test
    void withoutARunningPrimaryNothingIsSaid() {
        assertFalse(WitnessRecord.parse(show("node2", "- failed ")).orElseThrow().stale());
    }

    @Test
    void anUnreachableUpstreamIsNamedWithoutItsMark() {
        assertEquals(
                "node1",
                WitnessRecord.parse(show("? node1", "* running")).orElseThrow().upstream());
    }

    @Test
    void noTableOrNoWitnessIsEmpty() {
        assertEquals(
                Optional.empty(),
                WitnessRecord.parse(List.of("ERROR: connection to database failed")));
        assertEquals(
                Optional.empty(), WitnessRecord.parse(show("node1", "* running").subList(0, 4)));
    }
}
