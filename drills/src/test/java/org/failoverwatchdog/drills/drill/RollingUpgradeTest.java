package org.failoverwatchdog.drills.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.observe.PlaybookRecap;
import org.failoverwatchdog.drills.remote.CommandResult;
import org.failoverwatchdog.drills.run.Check;
import org.junit.jupiter.api.Test;

/**
 * The rolling-upgrade drill's own checks, from what the upgrade printed and what the nodes hold.
 */
class RollingUpgradeTest {
    private static final List<Inventory.Node> NODES =
            List.of(
                    new Inventory.Node("node1", "10.0.0.11", Optional.empty()),
                    new Inventory.Node("node2", "10.0.0.12", Optional.empty()));
    private static final String RECAP =
            "PLAY RECAP ***\n"
                    + "node1 : ok=60 changed=3 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0\n"
                    + "node2 : ok=61 changed=4 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0\n";
    private static final String A = "a".repeat(64), B = "b".repeat(64);

    private static Check ran(CommandResult r) {
        return RollingUpgrade.ranToItsEnd(
                r, PlaybookRecap.parse(r.stdout() + "\n" + r.stderr()), NODES);
    }

    @Test
    void theUpgradeRanToItsEndOnlyWithExitZeroAndACleanRecapOfBothNodes() {
        assertTrue(ran(new CommandResult(0, "", RECAP)).passed());
        Check failed =
                ran(
                        new CommandResult(
                                2,
                                "",
                                RECAP.replace(
                                        "failed=0 skipped=1 rescued=0 ignored=0\nnode2",
                                        "failed=1 skipped=1 rescued=0 ignored=0\nnode2")));
        assertFalse(failed.passed());
        assertEquals(
                "exit 2: " + RECAP.strip().lines().reduce((a, b) -> b).orElseThrow(),
                failed.detail());
        Check hidden =
                ran(
                        new CommandResult(
                                0,
                                RECAP.replace(
                                        "unreachable=0 failed=0 skipped=1 rescued=0 ignored=0\nnode2",
                                        "unreachable=0 failed=1 skipped=1 rescued=0 ignored=0\nnode2"),
                                ""));
        assertFalse(hidden.passed(), "exit 0 is not enough: " + hidden);
        assertEquals("node1 failed=1", hidden.detail());
        Check oneNode =
                ran(
                        new CommandResult(
                                0,
                                "PLAY RECAP *\nnode2 : ok=1 changed=0 unreachable=0 failed=0\n",
                                ""));
        assertFalse(oneNode.passed());
        assertEquals("node1 is not in the recap", oneNode.detail());
        Check silent = ran(new CommandResult(0, "done\n", ""));
        assertFalse(silent.passed());
        assertTrue(silent.detail().contains("no PLAY RECAP"), silent.detail());
        Check timedOut = ran(new CommandResult(-1, "", "timed out after 1260 s"));
        assertFalse(timedOut.passed());
    }

    @Test
    void thePrimaryMustEndOnTheNodeUpgradedFirst() {
        assertTrue(RollingUpgrade.primaryMoved(Optional.of("node2"), "node2", "node1").passed());
        Check back = RollingUpgrade.primaryMoved(Optional.of("node1"), "node2", "node1");
        assertFalse(back.passed());
        assertTrue(back.detail().startsWith("node1 is primary, not node2"), back.detail());
        assertFalse(RollingUpgrade.primaryMoved(Optional.empty(), "node2", "node1").passed());
    }

    @Test
    void bothNodesMustRunTheControllersJar() {
        String jar = "/usr/local/lib/failover-watchdog/failover-watchdog.jar";
        Check ok =
                RollingUpgrade.runsTheJar(
                        A,
                        List.of(
                                new RollingUpgrade.InstalledJar("node1", A),
                                new RollingUpgrade.InstalledJar("node2", A)),
                        jar);
        assertTrue(ok.passed(), ok.toString());
        Check stale =
                RollingUpgrade.runsTheJar(
                        A,
                        List.of(
                                new RollingUpgrade.InstalledJar("node1", A),
                                new RollingUpgrade.InstalledJar("node2", B),
                                new RollingUpgrade.InstalledJar("node3", "")),
                        jar);
        assertFalse(stale.passed());
        assertEquals(
                "the controller's jar is aaaaaaaaaaaa; "
                        + jar
                        + " differs: [node2 bbbbbbbbbbbb, node3 unreadable]",
                stale.detail());
    }
}
