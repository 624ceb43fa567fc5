package org.failoverwatchdog.drills.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The PLAY RECAP of ansible-playbook, as the rolling-upgrade drill reads it. */
class PlaybookRecapTest {
    // what lab/lab upgrade prints on stderr (its run_playbook: the recap, blank lines dropped)
    private static final String LAB =
            """
            lab: running ansible/upgrade.yml (log: /repo/lab/.lab/ansible-upgrade.log)
            PLAY RECAP *********************************************************************
            node1                      : ok=61   changed=4    unreachable=0    failed=0    skipped=17   rescued=0    ignored=0
            node2                      : ok=64   changed=5    unreachable=0    failed=0    skipped=15   rescued=0    ignored=0
            witness                    : ok=6    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0
            """;

    @Test
    void readsEveryHostOfTheRecap() {
        PlaybookRecap r = PlaybookRecap.parse(LAB).orElseThrow();
        assertEquals(
                List.of("node1", "node2", "witness"),
                List.copyOf(new java.util.TreeSet<>(r.hosts().keySet())));
        assertEquals(new PlaybookRecap.Counts(64, 5, 0, 0, 0), r.hosts().get("node2"));
        assertEquals(9, r.changed());
        assertEquals(List.of(), r.problems(List.of("node1", "node2")));
    }

    @Test
    void aFailedOrUnreachableOrMissingHostIsAProblem() {
        String failed =
                """
                TASK [failover_watchdog : Wait until this node's watchdog reports OK] ***
                fatal: [node2]: FAILED! => {"attempts": 36, "rc": 1}

                PLAY RECAP *********************************************************************
                node2                      : ok=40   changed=3    unreachable=0    failed=1    skipped=9    rescued=1    ignored=0
                witness                    : ok=6    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0

                """;
        PlaybookRecap r = PlaybookRecap.parse(failed).orElseThrow();
        assertEquals(1, r.hosts().get("node2").rescued());
        assertEquals(
                List.of("node1 is not in the recap", "node2 failed=1", "witness unreachable=1"),
                r.problems(List.of("node1", "node2")).stream().sorted().toList());
    }

    @Test
    void theLastRecapCountsAndNoRecapIsEmpty() {
        String two =
                "PLAY RECAP ***\nnode1 : ok=1 changed=0 unreachable=0 failed=1\n\nmore output\n"
                        + "PLAY RECAP ***\nnode1 : ok=9 changed=2 unreachable=0 failed=0 skipped=1\n";
        assertEquals(
                new PlaybookRecap.Counts(9, 2, 0, 0, 0),
                PlaybookRecap.parse(two).orElseThrow().hosts().get("node1"));
        assertEquals(
                Optional.empty(), PlaybookRecap.parse("ERROR! the playbook could not be found\n"));
        assertEquals(Optional.empty(), PlaybookRecap.parse("PLAY RECAP ****\n"));
        assertTrue(
                PlaybookRecap.parse(
                                "PLAY RECAP *\nnode1 : ok=1 changed=0 unreachable=0 failed=0\nlab: done\nnode2 : ok=1 changed=0 unreachable=0 failed=1\n")
                        .orElseThrow()
                        .problems(List.of())
                        .isEmpty(),
                "a host line after the recap ended is not the recap's");
    }
}
