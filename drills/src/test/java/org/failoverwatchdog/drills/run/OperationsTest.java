package org.failoverwatchdog.drills.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.inventory.InventoryLoader;
import org.failoverwatchdog.drills.remote.CommandResult;
import org.failoverwatchdog.drills.remote.Shell;
import org.failoverwatchdog.drills.remote.ShellScript;
import org.failoverwatchdog.drills.remote.ShellScriptTest;
import org.junit.jupiter.api.Test;

class OperationsTest {
    @Test
    void theLongScriptsAreResourcesWithTheInventorysValuesInFrontAndValidBash() throws Exception {
        Inventory inv = InventoryLoader.lab(Path.of("/repo"));
        List<String> sent = new ArrayList<>();
        Shell recorder =
                new Shell() {
                    @Override
                    public CommandResult run(String script, Duration timeout) {
                        sent.add(script);
                        return new CommandResult(
                                0, "pid=\nprofile=ha-primary\npromote=2026-01-01T00:00:00Z\n", "");
                    }

                    @Override
                    public String where() {
                        return "recorder";
                    }
                };
        Operations ops = new Operations(inv, Map.of("node1", recorder, "node2", recorder));
        Inventory.Node n1 = inv.node("node1");
        ops.crashService(n1, "edge");
        ops.crashPostgres(n1);
        assertEquals(
                new Operations.TickSnapshot("", "ha-primary", "2026-01-01T00:00:00Z"),
                ops.tickSnapshot(n1));
        ops.evidence(n1, Instant.ofEpochSecond(1_700_000_000));
        assertEquals(
                List.of(
                        "STACK_PROJECT='fw'\nSERVICE='edge'\n"
                                + ShellScript.text(Operations.CRASH_SERVICE),
                        ShellScript.text(Operations.CRASH_POSTGRES),
                        "LOCK_FILE='/var/lib/failover-watchdog/tick.lock'\nSTACK_DIR='/opt/fw/stack'\nJOURNAL='/var/lib/failover-watchdog/journal.jsonl'\n"
                                + ShellScript.text(Operations.TICK_SNAPSHOT),
                        "WATCHDOG_CMD='failover-watchdog'\nWATCHDOG_SERVICE='failover-watchdog.service'\nWATCHDOG_TIMER='failover-watchdog.timer'\nSINCE='1700000000'\n"
                                + "STACK_DIR='/opt/fw/stack'\nSTACK_PROJECT='fw'\nREPMGR_CONFIG='/etc/repmgr.conf'\n"
                                + ShellScript.text(Operations.EVIDENCE)),
                sent);
        for (String script : sent) ShellScriptTest.bash(script, "-n");
    }

    @Test
    void thePartitionsRulesAreTheFilterTablesInputAndOutput() {
        assertEquals(
                """
                set -e
                iptables -w -t filter -I INPUT -s 10.0.0.12 -m comment --comment failover-drill -j DROP
                iptables -w -t filter -I OUTPUT -d 10.0.0.12 -m comment --comment failover-drill -j DROP
                iptables -w -t filter -S | grep -- failover-drill
                """,
                Operations.dropRules(Operations.Cut.FILTER, List.of("10.0.0.12")));
    }

    @Test
    void anIsolationCutsEveryAddressInTheRawTableAndTheHealRemovesExactlyThoseRules() {
        String drop = Operations.dropRules(Operations.Cut.RAW, List.of("10.0.0.12", "10.0.0.13"));
        assertEquals(
                """
                set -e
                iptables -w -t raw -I PREROUTING -s 10.0.0.12 -m comment --comment failover-drill -j DROP
                iptables -w -t raw -I OUTPUT -d 10.0.0.12 -m comment --comment failover-drill -j DROP
                iptables -w -t raw -I PREROUTING -s 10.0.0.13 -m comment --comment failover-drill -j DROP
                iptables -w -t raw -I OUTPUT -d 10.0.0.13 -m comment --comment failover-drill -j DROP
                iptables -w -t raw -S | grep -- failover-drill
                """,
                drop);
        String heal = Operations.healRules(Operations.Cut.RAW, List.of("10.0.0.12", "10.0.0.13"));
        // every -I above has its -D, repeated until it is gone, and nothing tagged may be left in
        // the table
        for (String line : drop.lines().filter(l -> l.contains(" -I ")).toList()) {
            assertTrue(
                    heal.contains(
                            "while " + line.replace(" -I ", " -D ") + " 2>/dev/null; do :; done\n"),
                    heal);
        }
        assertTrue(heal.endsWith("! iptables -w -t raw -S | grep -q -- failover-drill\n"), heal);
        assertFalse(heal.contains("set -e"), "a rule already gone is not an error");
    }

    static final String UP =
            """
             ID | Name    | Role    | Status    | Upstream | repmgrd | PID | Paused? | Upstream last seen
            ----+---------+---------+-----------+----------+---------+-----+---------+--------------------
             1  | node1   | primary | * running |          | running | 500 | no      | n/a
             2  | node2   | standby |   running | node1    | running | 491 | no      | 0 second(s) ago
             3  | witness | witness | * running | node1    | running | 538 | no      | 0 second(s) ago
            """;

    @Test
    void theWitnessAnswersWhenRepmgrSeesItRunningWithItsRepmgrd() {
        assertTrue(Operations.witnessAnswering(UP));
        assertEquals("538", Operations.repmgrRow(UP, "Name", "witness").orElseThrow().get("PID"));
        assertFalse(
                Operations.witnessAnswering(
                        UP.replace(
                                "witness | * running | node1    | running",
                                "witness | ? unreachable | node1 | n/a")));
        assertFalse(
                Operations.witnessAnswering(
                        UP.replace(
                                "witness | * running | node1    | running",
                                "witness | * running | node1    | not running")),
                "its PostgreSQL is up but its repmgrd is not yet");
        assertFalse(Operations.witnessAnswering("ERROR: connection to database failed\n"));
    }

    @Test
    void theSwitchoverRunsTheWatchdogsCommandOnTheTargetAndSaysWhyItFailed() throws Exception {
        Inventory inv = InventoryLoader.lab(Path.of("/repo"));
        List<String> sent = new ArrayList<>();
        Shell target =
                new Shell() {
                    @Override
                    public CommandResult run(String script, Duration timeout) {
                        sent.add(script);
                        return new CommandResult(
                                3,
                                "ok   lag: 0 B behind\nPHASE ...\nFAILED: the switchover did not complete:"
                                        + " old primary demoted missed its deadline\nfix: failover-watchdog"
                                        + " status on both nodes\n",
                                "");
                    }

                    @Override
                    public String where() {
                        return "node2";
                    }
                };
        Operations ops = new Operations(inv, Map.of("node1", target, "node2", target));
        DrillAbort e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        DrillAbort.class,
                        () ->
                                ops.watchdogSwitchover(
                                        inv.node("node2"), false, Duration.ofSeconds(10)));
        assertEquals(
                "failover-watchdog switchover on node2 failed (exit 3): FAILED: the switchover did not"
                        + " complete: old primary demoted missed its deadline fix: failover-watchdog"
                        + " status on both nodes",
                e.getMessage());
        assertEquals("cd /tmp\nfailover-watchdog switchover --wait 10 2>&1\n", sent.get(0));
        assertEquals(
                "cd /tmp\nwatchdog switchover --dry-run --wait 60 2>&1\n",
                Operations.switchoverScript("watchdog", true, Duration.ofSeconds(60)));
        ShellScriptTest.bash(sent.get(0), "-n");
    }

    @Test
    void theWitnessIsRegisteredOnItselfAgainstTheGivenNodeAndItsRecordMadeStaleOnThePrimary()
            throws Exception {
        Inventory inv = InventoryLoader.lab(Path.of("/repo"));
        List<String> sent = new ArrayList<>(), on = new ArrayList<>();
        Map<String, Shell> shells = new java.util.HashMap<>();
        for (String n : List.of("node1", "node2", "witness")) {
            shells.put(
                    n,
                    new Shell() {
                        @Override
                        public CommandResult run(String script, Duration timeout) {
                            on.add(n);
                            sent.add(script);
                            return new CommandResult(0, "witness upstream node2\n", "");
                        }

                        @Override
                        public String where() {
                            return n;
                        }
                    });
        }
        Operations ops = new Operations(inv, shells);
        Inventory.Node witness = inv.witness().orElseThrow();
        ops.registerWitness(witness, inv.node("node2"));
        assertEquals(
                "witness upstream node2",
                ops.staleWitnessRecord(inv.node("node1"), witness, inv.node("node2")));
        // repmgr refuses a standby as the witness's -h: the stale record is written on the primary
        assertEquals(List.of("witness", "node1"), on);
        assertEquals(
                List.of(
                        "cd /tmp\nrunuser -u postgres -- repmgr -f '/etc/repmgr.conf'"
                                + " witness register -h '10.231.77.12' -F 2>&1\n",
                        "REPMGR_CONFIG='/etc/repmgr.conf'\nWITNESS='witness'\nUPSTREAM='node2'\n"
                                + ShellScript.text(Operations.STALE_WITNESS_RECORD)),
                sent);
        for (String script : sent) ShellScriptTest.bash(script, "-n");
    }

    @Test
    void theUpgradeRunsInItsWorkdirAndIsStoppedWithWhatItStartedAtItsDeadline(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Inventory inv = InventoryLoader.lab(Path.of("/repo"));
        Operations ops = new Operations(inv, Map.of());
        CommandResult ok =
                ops.runUpgrade(
                        new Inventory.Upgrade(
                                "echo \"it's $(pwd)\"", dir, Duration.ofSeconds(20), dir, "/x"));
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("it's " + dir.toRealPath() + "\n", ok.stdout());
        String marker = "upgrade-drill-test-" + System.nanoTime();
        Instant t0 = Instant.now();
        CommandResult late =
                ops.runUpgrade(
                        new Inventory.Upgrade(
                                "(exec -a " + marker + " sleep 120) & sleep 120; wait",
                                dir,
                                Duration.ofSeconds(2),
                                dir,
                                "/x"));
        assertEquals(124, late.exit(), late.toString());
        assertTrue(late.stderr().contains("the upgrade did not end within 2 s"), late.toString());
        assertTrue(Duration.between(t0, Instant.now()).toSeconds() < 30, "stopped at its deadline");
        Process p = new ProcessBuilder("pgrep", "-f", marker).start();
        assertEquals(1, p.waitFor(), "what it started in the background was stopped too");
    }
}
