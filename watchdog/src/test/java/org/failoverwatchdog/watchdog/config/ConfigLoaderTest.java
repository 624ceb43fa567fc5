package org.failoverwatchdog.watchdog.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.failoverwatchdog.convergence.GateCheck;
import org.failoverwatchdog.convergence.JournalRotation;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.watchdog.testing.WatchdogYml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    private static final String GOOD = WatchdogYml.node1().text();

    private static WatchdogConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(Path.of("/etc/failover-watchdog/watchdog.yml"), yaml);
    }

    @Test
    void defaultsAreTheReferenceDesign() throws Exception {
        WatchdogConfig c = parse(GOOD);
        assertEquals(Duration.ofSeconds(5), c.thresholds().routerAbsent());
        assertEquals("stack", c.compose().projectName());
        assertEquals(Path.of("/opt/stack/.env"), c.compose().envFile());
        assertEquals("http://10.0.0.12:9000/router/rest/status", c.router().urlFor("10.0.0.12"));
        assertEquals(6, c.plans().promote().size());
        // The pooler: a short first look, recreated only when it does not serve, then a long wait.
        Step.Gate pooler = (Step.Gate) c.plans().promote().get(1);
        assertEquals(new GateCheck.PoolerAnswers(), pooler.check());
        assertEquals(Duration.ofSeconds(2), pooler.deadline());
        assertEquals(
                java.util.Optional.of(new Step.Recreate(java.util.List.of("pgpool"))),
                pooler.remedy());
        assertEquals(Duration.ofSeconds(90), pooler.afterRemedy());
    }

    @Test
    void theWitnessIsAskedThePeersDatabaseByDefaultAndNoneTurnsItOff() throws Exception {
        String w =
                "witness: {name: w, ip: 10.0.0.13, ssh_key: /etc/hostname, known_hosts: /etc/hostname";
        assertEquals(
                java.util.Optional.of("peer-db {peer} 5432"),
                parse(GOOD + w + "}\n").witness().orElseThrow().peerDbCommand());
        assertEquals(
                java.util.Optional.empty(),
                parse(GOOD + w + ", peer_db_command: none}\n")
                        .witness()
                        .orElseThrow()
                        .peerDbCommand());
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> parse(GOOD + w + ", peer_db_command: peer-db 10.0.0.12}\n"));
        assertTrue(
                e.getMessage().contains("witness.peer_db_command")
                        && e.getMessage().contains("{peer}")
                        && e.getMessage().contains("none to turn it off"),
                e.getMessage());
    }

    @Test
    void fencingIsOnWithAWitnessAndRefusedWithoutOne() throws Exception {
        WatchdogConfig none = parse(GOOD);
        assertTrue(
                !none.fencing().enabled(),
                "no witness: two nodes cannot tell a dead peer from a cut link");
        WatchdogConfig w =
                parse(
                        GOOD
                                + "witness: {name: w, ip: 10.0.0.13, ssh_key: /etc/hostname, known_hosts: /etc/hostname}\n");
        assertTrue(w.fencing().enabled());
        assertEquals(Duration.ofSeconds(2), w.fencing().fenceAfter());
        assertEquals(
                java.util.List.of(
                        "router", "gateway", "bastion", "edge", "dataservice", "ui", "haproxy"),
                w.fencing().services(),
                "by default everything the promote plan starts");
        assertEquals(
                java.util.Optional.of(
                        "systemctl start failover-watchdog-rejoin.service && cat /var/lib/failover-watchdog/rejoin.last"),
                w.fencing().rejoinCommand());
        ConfigException e =
                assertThrows(
                        ConfigException.class, () -> parse(GOOD + "fencing: {enabled: true}\n"));
        assertTrue(
                e.getMessage().contains("fencing.enabled")
                        && e.getMessage().contains("needs a witness")
                        && e.getMessage().contains("fix:"),
                e.getMessage());
        assertTrue(parse(GOOD + "fencing: {rejoin: false}\n").fencing().rejoinCommand().isEmpty());
    }

    /** Each bad input names the file, the line, the field and the fix. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not YAML            | 'node: {name: node1, ip: 10.0.0.11'                                   | watchdog.yml:1: not valid YAML",
                "unknown field       | 'thresholds: {router_absnt: 5s}'                                       | thresholds.router_absnt: unknown field",
                "bad duration        | 'thresholds: {router_absent: five}'                                    | watchdog.yml:10: thresholds.router_absent: 'five' is not a duration",
                "unknown section     | 'witness_x: 1'                                                         | unknown field 'witness_x'",
                "bad gate            | 'plans: {promote: [{gate: telepathy, deadline: 1s}]}'                 | unknown gate 'telepathy' (fix: use pooler",
                "gate w/o deadline   | 'plans: {promote: [{gate: pooler}]}'                                  | missing field 'deadline'",
                "remedy_deadline only| 'plans: {promote: [{gate: pooler, deadline: 2s, remedy_deadline: 9s}]}' | remedy_deadline without a remedy (fix: add remedy:",
                "step of two verbs   | 'plans: {promote: [{start: [a], stop: [b]}]}'                         | a step is one of start",
                "journal size word   | 'journal: {max_size: ten}'                                             | watchdog.yml:10: journal.max_size: 'ten' is not a size (fix: write a number with a unit: 512KB, 10MB, 1GB; use a size from 64KB to 1GB)",
                "journal size small  | 'journal: {max_size: 1KB}'                                             | journal.max_size: 1KB is out of range (fix: use a size from 64KB to 1GB)",
                "journal size huge   | 'journal: {max_size: 99999999999GB}'                                   | journal.max_size: 99999999999GB is out of range",
                "journal age no unit | 'journal: {max_age: 30}'                                               | journal.max_age: '30' is not a duration (fix: write a number with a unit: 500ms, 5s, 2m, 1h, 1d)",
                "journal age short   | 'journal: {max_age: 10m}'                                              | journal.max_age: 10m is out of range (fix: use a duration from 1h to 3650d)",
                "journal keep zero   | 'journal: {keep: 0}'                                                   | journal.keep: 0 is out of range (fix: use a number from 1 to 100)",
                "journal typo        | 'journal: {maxsize: 10MB}'                                             | journal.maxsize: unknown field 'maxsize' (fix: use one of [keep, max_age, max_size])"
            })
    void badConfigIsRefusedWithFileLineFieldAndFix(String name, String extra, String expected) {
        String yaml = name.equals("not YAML") ? extra : GOOD + extra + "\n";
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(
                e.getMessage().startsWith("/etc/failover-watchdog/watchdog.yml"), e.getMessage());
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
    }

    @Test
    void theJournalRotatesBySizeOrAgeKeepingAFewFiles() throws Exception {
        assertEquals(
                new JournalRotation(10L << 20, Duration.ofDays(30), 5),
                parse(GOOD).journalRotation(),
                "the defaults");
        assertEquals(
                new JournalRotation(512L << 10, Duration.ofHours(36), 12),
                parse(GOOD + "journal: {max_size: 512KB, max_age: 36h, keep: 12}\n")
                        .journalRotation());
        assertEquals(
                new JournalRotation(1L << 30, Duration.ofDays(7), 5),
                parse(GOOD + "journal: {max_size: 1GiB, max_age: 7d}\n").journalRotation());
        assertEquals(
                Path.of("/var/lib/failover-watchdog/journal.jsonl"), parse(GOOD).journal().path());
    }

    @Test
    void theOperatorsCommandsHaveBoundsAndDeadlines() throws Exception {
        assertEquals(
                new WatchdogConfig.Switchover(
                        16L << 20,
                        Duration.ofSeconds(10),
                        "postgres",
                        Duration.ofMinutes(3),
                        Duration.ofMinutes(2)),
                parse(GOOD).switchover(),
                "the defaults");
        assertEquals(
                new WatchdogConfig.Switchover(
                        1L << 20,
                        Duration.ZERO,
                        "pg",
                        Duration.ofSeconds(90),
                        Duration.ofMinutes(5)),
                parse(
                                GOOD
                                        + "switchover: {max_lag: 1MB, max_lag_time: 0s, repmgr_user: pg,"
                                        + " repmgr_timeout: 90s, settle_timeout: 5m}\n")
                        .switchover());
        for (String[] bad :
                new String[][] {
                    {
                        "switchover: {repmgr_user: \"-c id\"}",
                        "switchover.repmgr_user: '-c id' is not a user name"
                    },
                    {"switchover: {max_lag: lots}", "switchover.max_lag: 'lots' is not a size"},
                    {
                        "switchover: {repmgr_timeout: 1s}",
                        "switchover.repmgr_timeout: 1s is out of range"
                    },
                    {"switchover: {maxlag: 1MB}", "switchover.maxlag: unknown field"}
                }) {
            ConfigException e =
                    assertThrows(ConfigException.class, () -> parse(GOOD + bad[0] + "\n"));
            assertTrue(
                    e.getMessage().contains(bad[1]) && e.getMessage().contains("fix:"),
                    e.getMessage());
        }
    }

    @Test
    void theShippedExampleIsValid() throws Exception {
        String example = java.nio.file.Files.readString(Path.of("..", "watchdog.example.yml"));
        WatchdogConfig c =
                parse(example.replace("  passfile: /etc/failover-watchdog/pgpass\n", ""));
        assertEquals("node1", c.node().name());
        assertEquals(
                5432,
                c.thresholds().peerPort(),
                "PostgreSQL: a connect that says nothing is not logged there");
    }

    @Test
    void aPasswordInAConninfoIsRefused() {
        String yaml =
                GOOD.replace(
                        "user=watchdog\"\n  pooler", "user=watchdog password=hunter2\"\n  pooler");
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        assertTrue(e.getMessage().contains("watchdog.yml:4: postgres.local"), e.getMessage());
        assertTrue(e.getMessage().contains("passfile"), e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2"), "the secret is not echoed");
    }

    @Test
    void aConninfoKeywordTheDriverCannotHonourIsRefusedAtLoadWithTheFileLineFieldAndFix() {
        String yaml =
                GOOD.replace(
                        "port=9999 dbname=postgres user=watchdog\"",
                        "port=9999 dbname=postgres user=watchdog keepalives_idle=2\"");
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        assertEquals(
                "/etc/failover-watchdog/watchdog.yml:5: postgres.pooler: not a usable libpq conninfo: keepalives_idle is not supported by the JDBC driver"
                        + " (fix: remove it; the watchdog bounds every probe with thresholds.probe_timeout)",
                e.getMessage());
    }

    @Test
    void aClientCertificateInAConninfoIsHonoured() throws Exception {
        WatchdogConfig c =
                parse(
                        GOOD.replace(
                                "port=5432 dbname=postgres user=watchdog\"",
                                "port=5432 dbname=postgres user=watchdog sslmode=verify-full sslcert=/etc/failover-watchdog/client.crt sslkey=/etc/failover-watchdog/client.key\""));
        var p = c.postgres().local().jdbcProperties(Duration.ofSeconds(2));
        assertEquals("/etc/failover-watchdog/client.crt", p.getProperty("sslcert"));
        assertEquals("/etc/failover-watchdog/client.key", p.getProperty("sslkey"));
        assertEquals("verify-full", p.getProperty("sslmode"));
    }

    @Test
    void theSameIpForNodeAndPeerIsRefused() {
        ConfigException e =
                assertThrows(
                        ConfigException.class, () -> parse(GOOD.replace("10.0.0.12", "10.0.0.11")));
        assertTrue(e.getMessage().contains("peer.ip"), e.getMessage());
    }

    @Test
    void missingSectionSaysWhatToAdd() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> parse(GOOD.replace("compose:\n  project_dir: /opt/stack\n", "")));
        assertTrue(e.getMessage().contains("missing field 'compose'"), e.getMessage());
    }

    @Test
    void metricsAndHooksAreOptional() throws Exception {
        WatchdogConfig none = parse(GOOD);
        assertTrue(none.metrics().textfile().isEmpty());
        assertTrue(none.hooks().onTransition().isEmpty());
        WatchdogConfig c =
                parse(
                        GOOD
                                + """
                metrics: {textfile: /var/lib/node_exporter/textfile_collector/failover_watchdog.prom}
                hooks: {on_transition: "/usr/local/bin/notify-oncall", timeout: 5s}
                """);
        assertEquals(
                java.util.Optional.of(
                        Path.of(
                                "/var/lib/node_exporter/textfile_collector/failover_watchdog.prom")),
                c.metrics().textfile());
        assertEquals(
                java.util.Optional.of("/usr/local/bin/notify-oncall"), c.hooks().onTransition());
        assertEquals(Duration.ofSeconds(5), c.hooks().timeout());
        assertEquals(
                Duration.ofSeconds(10),
                parse(GOOD + "hooks: {on_transition: \"true\"}\n").hooks().timeout(),
                "the default timeout");
    }

    /** As every other section: file, line, field and the fix. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "relative textfile   | 'metrics: {textfile: failover_watchdog.prom}'                          | watchdog.yml:10: metrics.textfile: 'failover_watchdog.prom' is not an absolute path",
                "not .prom           | 'metrics: {textfile: /var/lib/node_exporter/fw.txt}'                   | metrics.textfile: 'fw.txt' does not end in .prom",
                "metrics w/o file    | 'metrics: {path: /x.prom}'                                             | metrics.path: unknown field 'path' (fix: use one of [textfile])",
                "metrics empty       | 'metrics: {}'                                                          | metrics: missing field 'textfile'",
                "hook w/o command    | 'hooks: {timeout: 5s}'                                                 | hooks: missing field 'on_transition'",
                "hook timeout        | 'hooks: {on_transition: /bin/true, timeout: 10m}'                      | hooks.timeout: 10m is out of range (fix: use a duration from 1s to 120s)",
                "hook typo           | 'hooks: {on_transtion: /bin/true}'                                     | hooks.on_transtion: unknown field",
                "compose no unit     | 'timeouts: {compose: 180}'                                             | watchdog.yml:10: timeouts.compose: '180' is not a duration (fix: write a number with a unit",
                "compose too short   | 'timeouts: {compose: 5s}'                                              | timeouts.compose: 5s is out of range (fix: use a duration from 10s to 1h)",
                "stop grace too long | 'timeouts: {stop_grace: 10m}'                                           | timeouts.stop_grace: 10m is out of range (fix: use a duration from 0s to 300s)",
                "docker api zero     | 'timeouts: {docker_api: 0s}'                                           | timeouts.docker_api: 0s is out of range (fix: use a duration from 1s to 300s)",
                "gate poll too fast  | 'timeouts: {gate_poll: 10ms}'                                          | timeouts.gate_poll: 10ms is out of range (fix: use a duration from 50ms to 10s)",
                "timeouts typo       | 'timeouts: {stop: 10s}'                                                | timeouts.stop: unknown field 'stop' (fix: use one of [compose, docker_api, gate_poll, stop_grace])"
            })
    void badMetricsHooksOrTimeoutsAreRefusedWithFileLineFieldAndFix(
            String name, String extra, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(GOOD + extra + "\n"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(
                e.getMessage().startsWith("/etc/failover-watchdog/watchdog.yml:10: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
    }

    @Test
    void theActionsTimeoutsDefaultToWhatTheTickUsedAndCanBeSet() throws Exception {
        assertEquals(
                new WatchdogConfig.Timeouts(
                        Duration.ofMinutes(3),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofMillis(300)),
                parse(GOOD).timeouts());
        assertEquals(
                new WatchdogConfig.Timeouts(
                        Duration.ofMinutes(5),
                        Duration.ZERO,
                        Duration.ofSeconds(45),
                        Duration.ofSeconds(1)),
                parse(
                                GOOD
                                        + "timeouts: {compose: 5m, stop_grace: 0s, docker_api: 45s, gate_poll: 1s}\n")
                        .timeouts());
        assertEquals(
                Duration.ofMinutes(3),
                parse(GOOD + "timeouts: {gate_poll: 500ms}\n").timeouts().compose(),
                "the others keep their defaults");
    }

    /**
     * Days are a unit too, as in the drills' inventory: a crash-loop window of a day reads as one.
     */
    @Test
    void aDurationMayBeInDays() throws Exception {
        assertEquals(
                Duration.ofHours(24),
                parse(GOOD + "thresholds: {crash_loop_window: 1d}\n")
                        .thresholds()
                        .crashLoopWindow());
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> parse(GOOD + "thresholds: {crash_loop_window: 2d}\n"));
        assertTrue(
                e.getMessage()
                        .contains(
                                "watchdog.yml:10: thresholds.crash_loop_window: 2d is out of range (fix: use a duration from 10s to 1d)"),
                e.getMessage());
    }
}
