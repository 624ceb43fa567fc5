package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPauseTable;
import org.failoverwatchdog.probes.RoleAndTimeline;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.testing.WatchdogYml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {
    @TempDir Path dir;

    private static WatchdogYml gatewayOnly(Path projectDir) {
        return WatchdogYml.node1().serviceTypes("{GATEWAY: gateway}").projectDir(projectDir);
    }

    private WatchdogConfig config(Path textfile) throws Exception {
        return gatewayOnly(dir)
                .parse(dir.resolve("watchdog.yml"), "metrics: {textfile: " + textfile + "}\n");
    }

    @Test
    void aTextfileDirectoryThatDoesNotExistIsAProblemWithItsFix() throws Exception {
        String missing =
                dir.resolve("watchdog.yml")
                        + ": metrics.textfile: the directory "
                        + dir.resolve("nope")
                        + " does not exist (fix: ";
        assertTrue(
                new ConfigCheck(config(dir.resolve("nope/fw.prom")))
                        .run().problems().stream().anyMatch(p -> p.startsWith(missing)));
        Files.createDirectory(dir.resolve("textfile"));
        assertTrue(
                new ConfigCheck(config(dir.resolve("textfile/fw.prom")))
                        .run().problems().stream().noneMatch(p -> p.contains("metrics.textfile")));
    }

    private WatchdogConfig timed(String extra) throws Exception {
        return timed(extra, false);
    }

    private WatchdogConfig timed(String extra, boolean fencing) throws Exception {
        Path stack = Files.createDirectories(dir.resolve("stack"));
        StringBuilder compose = new StringBuilder("services:\n");
        for (String svc :
                List.of(
                        "router",
                        "pgpool",
                        "gateway",
                        "dataservice",
                        "edge",
                        "bastion",
                        "ui",
                        "haproxy")) compose.append("  ").append(svc).append(": {}\n");
        Files.writeString(stack.resolve("compose.yaml"), compose.toString());
        Files.writeString(
                stack.resolve(".env"), "COMPOSE_PROFILES=ha-primary\nHA_ROUTER_IP=10.0.0.11\n");
        Files.writeString(dir.resolve("repmgr.conf"), "failover=automatic\n");
        Files.writeString(
                dir.resolve("failover-watchdog.timer"),
                "[Timer]\nOnUnitActiveSec=10s\nUnit=failover-watchdog.service\n");
        Files.writeString(
                dir.resolve("failover-watchdog.service"),
                "[Service]\nType=oneshot\nTimeoutStartSec=120\n");
        return gatewayOnly(stack)
                .parse(
                        dir.resolve("watchdog.yml"),
                        "fencing: {enabled: %s, repmgr_conf: %s, timer_unit: %s}\n"
                                        .formatted(
                                                fencing,
                                                dir.resolve("repmgr.conf"),
                                                dir.resolve("failover-watchdog.timer"))
                                + extra);
    }

    @Test
    void theTimingsAreNotesUntilAPlanCanOutlastTheTicksUnit() throws Exception {
        ConfigCheck.Findings f = new ConfigCheck(timed("")).run();
        assertTrue(
                f.notes().stream()
                        .anyMatch(
                                n ->
                                        n.startsWith(
                                                "rule 3 timing: Rule 3 comes before repmgr: router_absent 5 s < repmgr's earliest promotion 62 s")),
                f.notes().toString());
        assertEquals(
                List.of(
                        dir.resolve("watchdog.yml")
                                + ": plans: a plan can outlast the tick's unit, and systemd would kill the tick half-way:"
                                + " the plans' gates wait at most promote 162 s, demote 115 s; systemd stops a tick after 120 s (TimeoutStartSec=120 in "
                                + dir.resolve("failover-watchdog.service")
                                + ") (fix: shorten the gates' deadline or remedy_deadline in plans:, or raise TimeoutStartSec with a drop-in:"
                                + " systemctl edit failover-watchdog.service)"),
                f.problems());
        assertEquals("RULE3", f.timing().rule3().first());
        assertEquals(false, f.timing().plans().ok());

        WatchdogConfig c = timed("");
        Files.writeString(
                dir.resolve("failover-watchdog.service"),
                "[Service]\nType=oneshot\nTimeoutStartSec=300\n");
        ConfigCheck.Findings ok = new ConfigCheck(c).run();
        assertEquals(List.of(), ok.problems());
        assertTrue(
                ok.notes()
                        .contains(
                                "plan timing: the plans' gates wait at most promote 162 s, demote 115 s; systemd stops a tick after 300 s"
                                        + " (TimeoutStartSec=300 in "
                                        + dir.resolve("failover-watchdog.service")
                                        + "): ok, 138 s to spare (the Compose calls' own time comes on top)"),
                ok.notes().toString());
    }

    @Test
    void unreadableTimingFilesAreNotesWhenFencingDoesNotNeedThem() throws Exception {
        WatchdogConfig c = timed("");
        Files.delete(dir.resolve("repmgr.conf"));
        Files.delete(dir.resolve("failover-watchdog.service"));
        ConfigCheck.Findings f = new ConfigCheck(c).run();
        assertEquals(List.of(), f.problems());
        assertTrue(
                f.notes().stream()
                        .anyMatch(
                                n ->
                                        n.startsWith(
                                                "rule 3 timing: not checked: "
                                                        + dir.resolve("repmgr.conf")
                                                        + ": cannot be read")),
                f.notes().toString());
        assertTrue(
                f.notes().stream()
                        .anyMatch(
                                n ->
                                        n.startsWith(
                                                "plan timing: not checked: the tick's unit cannot be read")),
                f.notes().toString());
    }

    /**
     * The pair's pause table as check finds it in the local database: missing or not readable is a
     * problem with the SQL that fixes it, not writable too, all in place a note; a database that
     * cannot be asked is a note only (check must not fail on a node whose database is down).
     */
    @Test
    void thePairsPauseTableAndItsGrantsAreCheckedWithTheirFix() throws Exception {
        Files.createDirectory(dir.resolve("textfile"));
        WatchdogConfig c = config(dir.resolve("textfile/fw.prom"));
        String where = "PostgreSQL watchdog@127.0.0.1:5432/postgres: failover_watchdog.pause ";

        List<String> missing =
                pauseProblems(
                        pause(
                                c,
                                new PairPauseTable.Access(
                                        false, false, false, false, false, false)));
        assertEquals(1, missing.size(), missing.toString());
        assertTrue(missing.get(0).startsWith(where + "does not exist"), missing.get(0));
        assertTrue(
                missing.get(0)
                        .contains(
                                "run there as a superuser: CREATE SCHEMA IF NOT EXISTS failover_watchdog;"),
                missing.get(0));

        List<String> unreadable =
                pauseProblems(
                        pause(c, new PairPauseTable.Access(true, false, true, true, true, true)));
        assertTrue(
                unreadable
                        .get(0)
                        .startsWith(
                                where
                                        + "cannot be read by watchdog: every tick takes the pair's pause as UNKNOWN"),
                unreadable.toString());
        assertTrue(
                unreadable
                        .get(0)
                        .endsWith(
                                "GRANT SELECT, INSERT, UPDATE, DELETE ON failover_watchdog.pause TO \"watchdog\";)"),
                unreadable.get(0));

        List<String> readOnly =
                pauseProblems(
                        pause(c, new PairPauseTable.Access(true, true, true, false, false, false)));
        assertTrue(
                readOnly.get(0).startsWith(where + "can be read but not changed by watchdog"),
                readOnly.toString());

        ConfigCheck.Findings ok =
                pause(c, new PairPauseTable.Access(true, true, true, true, true, true));
        assertEquals(List.of(), pauseProblems(ok));
        assertTrue(
                ok.notes().contains("pair pause: " + where + "can be read and changed by watchdog"),
                ok.notes().toString());

        ConfigCheck.Findings down =
                new ConfigCheck(
                                c,
                                () ->
                                        Observed.unknown(
                                                "PostgreSQL watchdog@127.0.0.1:5432/postgres: Connection refused",
                                                Duration.ZERO))
                        .run();
        assertEquals(List.of(), pauseProblems(down));
        assertTrue(
                down.notes()
                        .contains(
                                "pair pause: not checked: PostgreSQL watchdog@127.0.0.1:5432/postgres: Connection refused"),
                down.notes().toString());
    }

    @Test
    void theWitnesssPeerDbAnswerIsANoteEitherWay() throws Exception {
        WatchdogConfig c =
                timed(
                        "witness: {name: w, ip: 10.0.0.13, ssh_key: /etc/hostname, known_hosts: /etc/hostname}\n",
                        true);
        ConfigCheck.Findings ok =
                witness(
                        c,
                        Optional.of(
                                Observed.known(
                                        new RoleAndTimeline(DbRole.STANDBY, 4), Duration.ZERO)));
        assertTrue(
                ok.notes()
                        .contains(
                                "witness peer-db: the witness reads the peer node2's database as STANDBY on timeline 4"),
                ok.notes().toString());
        ConfigCheck.Findings old =
                witness(
                        c,
                        Optional.of(
                                Observed.unknown(
                                        "witness 10.0.0.13 cannot read the peer's database (exit 126: only pg_isready is allowed here)",
                                        Duration.ZERO)));
        assertTrue(
                old.notes().stream()
                        .anyMatch(
                                n ->
                                        n.startsWith(
                                                        "witness peer-db: UNKNOWN (witness 10.0.0.13 cannot read")
                                                && n.contains(
                                                        "would not see repmgr promote that peer")
                                                && n.contains(
                                                        "failover_watchdog_witness_db_password")),
                old.notes().toString());
        assertTrue(
                old.problems().stream().noneMatch(p -> p.contains("peer-db")),
                "a deploy does not fail on it");
    }

    @Test
    void aStaleWitnessRecordIsANoteWithTheFix() throws Exception {
        WatchdogConfig c =
                timed(
                        "witness: {name: w, ip: 10.0.0.13, ssh_key: /etc/hostname, known_hosts: /etc/hostname}\n",
                        true);
        List<String> shown =
                List.of(
                        " ID | Name    | Role    | Status    | Upstream | Location",
                        "----+---------+---------+-----------+----------+---------",
                        " 1  | node1   | primary | * running |          | default",
                        " 2  | node2   | standby |   running | node1    | default",
                        " 3  | witness | witness | * running | node2    | default");
        ConfigCheck.Findings f =
                new ConfigCheck(
                                c,
                                () ->
                                        Observed.known(
                                                new PairPauseTable.Access(
                                                        true, true, true, true, true, true),
                                                Duration.ZERO),
                                Optional::empty,
                                () -> Observed.known(shown, Duration.ZERO))
                        .run();
        assertTrue(
                f.notes().stream()
                        .anyMatch(
                                n ->
                                        n.startsWith(
                                                        "witness repmgr record: STALE: witness's upstream is node2, but node1 is the primary")
                                                && n.contains(
                                                        "witness register -h <node1's address> -F")),
                f.notes().toString());
        assertTrue(f.problems().stream().noneMatch(p -> p.contains("repmgr record")));
    }

    private static ConfigCheck.Findings witness(
            WatchdogConfig c, Optional<Observed<RoleAndTimeline>> answer) {
        return new ConfigCheck(
                        c,
                        () ->
                                Observed.known(
                                        new PairPauseTable.Access(
                                                true, true, true, true, true, true),
                                        Duration.ZERO),
                        () -> answer,
                        () -> Observed.unknown("repmgr: not installed here", Duration.ZERO))
                .run();
    }

    private static ConfigCheck.Findings pause(WatchdogConfig c, PairPauseTable.Access a) {
        return new ConfigCheck(c, () -> Observed.known(a, Duration.ZERO)).run();
    }

    /** The problems about the pause table (this config has others: no Compose project). */
    private static List<String> pauseProblems(ConfigCheck.Findings f) {
        return f.problems().stream().filter(p -> p.contains("failover_watchdog")).toList();
    }
}
