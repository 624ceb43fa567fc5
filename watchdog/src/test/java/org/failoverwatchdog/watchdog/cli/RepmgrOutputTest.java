package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * repmgr 5's output as the operator's commands read it. The samples are in the shape repmgr 5.3
 * prints (its manual's switchover chapter and users' transcripts), with the lab's names and its
 * service commands: a line a second apart, so the times of the promotion are checked too.
 */
class RepmgrOutputTest {
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    static final String SWITCHOVER =
            """
            NOTICE: executing switchover on node "node2" (ID: 2)
            NOTICE: attempting to pause repmgrd on 3 nodes
            NOTICE: local node "node2" (ID: 2) will be promoted to primary; current primary "node1" (ID: 1) will be demoted to standby
            NOTICE: stopping current primary node "node1" (ID: 1)
            NOTICE: issuing CHECKPOINT on node "node1" (ID: 1)
            DETAIL: executing server command "sudo /usr/bin/systemctl stop postgresql@15-main"
            INFO: checking for primary shutdown; 1 of 60 attempts ("shutdown_check_timeout")
            NOTICE: current primary has been cleanly shut down at location 0/7000028
            NOTICE: promoting standby to primary
            DETAIL: promoting server "node2" (ID: 2) using pg_promote()
            NOTICE: waiting up to 60 seconds (parameter "promote_check_timeout") for promotion to complete
            NOTICE: STANDBY PROMOTE successful
            DETAIL: server "node2" (ID: 2) was successfully promoted to primary
            NOTICE: node "node2" (ID: 2) promoted to primary, node "node1" (ID: 1) demoted to standby
            NOTICE: executing STANDBY FOLLOW on 1 of 1 siblings
            INFO: STANDBY FOLLOW successfully executed on all reachable sibling nodes
            NOTICE: switchover was successful
            DETAIL: node "node2" is now primary and node "node1" is attached as standby
            NOTICE: STANDBY SWITCHOVER has completed successfully
            """;

    static final String DRY_RUN_OK =
            """
            NOTICE: checking switchover on node "node2" (ID: 2) in --dry-run mode
            INFO: SSH connection to host "10.231.77.11" succeeded
            INFO: able to execute "repmgr" on remote host "10.231.77.11"
            INFO: all sibling nodes are reachable via SSH
            INFO: 2 walsenders required, 10 available
            INFO: demotion candidate is able to make replication connection to promotion candidate
            INFO: 0 pending archive files
            INFO: replication lag on this standby is 0 seconds
            NOTICE: attempting to pause repmgrd on 3 nodes
            INFO: would pause repmgrd on node "node1" (ID: 1)
            INFO: would pause repmgrd on node "node2" (ID: 2)
            INFO: would pause repmgrd on node "witness" (ID: 3)
            NOTICE: local node "node2" (ID: 2) would be promoted to primary; current primary "node1" (ID: 1) would be demoted to standby
            INFO: following shutdown command would be run on node "node1":
              "sudo /usr/bin/systemctl stop postgresql@15-main"
            INFO: parameter "shutdown_check_timeout" is set to 60 seconds
            INFO: prerequisites for executing STANDBY SWITCHOVER are met
            """;

    static final String DRY_RUN_NO_SSH =
            """
            NOTICE: checking switchover on node "node2" (ID: 2) in --dry-run mode
            ERROR: unable to connect via SSH to host "10.231.77.11", user ""
            DETAIL: Permission denied (publickey).
            HINT: check the "ssh_options" setting in repmgr.conf
            """;

    static final String PROMOTE_REFUSED =
            """
            ERROR: this replication cluster already has an active primary server
            DETAIL: current primary is "node1" (ID: 1)
            """;

    static List<Repmgr.Line> lines(String text) {
        List<Repmgr.Line> out = new ArrayList<>();
        int i = 0;
        for (String l : text.split("\n")) out.add(new Repmgr.Line(T.plusSeconds(i++), l));
        return out;
    }

    static Repmgr.Run run(String text, int exit) {
        return new Repmgr.Run(
                List.of("repmgr", "standby", "switchover"),
                exit,
                false,
                Duration.ofSeconds(7),
                lines(text));
    }

    @Test
    void aSwitchoverSaysWhenThePrimaryStoppedAndWhenTheStandbyWasPromoted() {
        RepmgrOutput o = RepmgrOutput.parse(lines(SWITCHOVER));
        assertEquals(Optional.of(T.plusSeconds(7)), o.oldPrimaryStoppedAt());
        assertEquals(Optional.of(T.plusSeconds(11)), o.promotedAt());
        assertTrue(o.errors().isEmpty());
        assertFalse(o.completedWithIssues());
        assertFalse(o.dryRunPassed(), "a real run is no dry run");
        assertEquals(
                Optional.of("NOTICE: STANDBY SWITCHOVER has completed successfully"), o.last());
        assertEquals(RepmgrOutput.Level.DETAIL, o.messages().get(5).level());
        assertEquals(
                "exit 0: NOTICE: STANDBY SWITCHOVER has completed successfully",
                run(SWITCHOVER, 0).verdict());
    }

    @Test
    void theDryRunsVerdictIsItsLastLine() {
        RepmgrOutput ok = RepmgrOutput.parse(lines(DRY_RUN_OK));
        assertTrue(ok.dryRunPassed());
        assertTrue(ok.promotedAt().isEmpty());
        assertEquals(
                RepmgrOutput.Level.TEXT,
                ok.messages().get(14).level(),
                "the indented command is plain text");
        RepmgrOutput no = RepmgrOutput.parse(lines(DRY_RUN_NO_SSH));
        assertFalse(no.dryRunPassed());
        assertEquals(
                List.of(
                        "unable to connect via SSH to host \"10.231.77.11\", user \"\" (DETAIL:"
                                + " Permission denied (publickey).) (HINT: check the \"ssh_options\""
                                + " setting in repmgr.conf)"),
                no.errors());
        assertTrue(
                run(DRY_RUN_NO_SSH, 12).verdict().startsWith("exit 12: unable to connect via SSH"));
    }

    @Test
    void aPromoteBesideALivePrimaryIsRefusedByRepmgrItself() {
        Repmgr.Run r = run(PROMOTE_REFUSED, 1);
        assertFalse(r.ok());
        assertEquals(
                "exit 1: this replication cluster already has an active primary server (DETAIL:"
                        + " current primary is \"node1\" (ID: 1))",
                r.verdict());
        Repmgr.Run killed =
                new Repmgr.Run(List.of("repmgr"), -1, true, Duration.ofSeconds(180), List.of());
        assertEquals("killed after 180 s (its deadline) (no output)", killed.verdict());
    }

    @Test
    void repmgrRunsAsItsUserThroughRunuserUnlessThisIsThatUser() {
        var c = HandoverWorld.config("fencing: {repmgr_conf: /etc/postgresql/repmgr.conf}\n");
        Repmgr.Runner none = (argv, timeout, each) -> run("", 0);
        assertEquals(
                List.of(
                        "runuser",
                        "-u",
                        "postgres",
                        "--",
                        "repmgr",
                        "-f",
                        Path.of("/etc/postgresql/repmgr.conf").toString(),
                        "standby",
                        "switchover",
                        "--siblings-follow",
                        "--dry-run"),
                new Repmgr(c, "root", none).switchover(true));
        assertEquals(
                List.of("repmgr", "-f", "/etc/postgresql/repmgr.conf", "standby", "promote"),
                new Repmgr(c, "postgres", none).promote());
    }
}
