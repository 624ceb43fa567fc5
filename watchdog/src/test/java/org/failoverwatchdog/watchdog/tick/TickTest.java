package org.failoverwatchdog.watchdog.tick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.testing.WatchdogYml;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Real ticks in a temp dir, with nothing to act on: every port closed (PostgreSQL refuses, so it is
 * DOWN; the routers are unreachable), no Docker socket (containers UNKNOWN), a secondary .env. A
 * first tick only starts the Rule 3 timer, so no plan runs: what is tested is what surrounds one.
 */
class TickTest {
    @TempDir Path dir;
    private Path stateDir;
    private Path stateFile;
    private Path textfile;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger tickLog = (Logger) LoggerFactory.getLogger(Tick.class);

    @BeforeEach
    void world() throws Exception {
        stateDir = dir.resolve("state");
        stateFile = stateDir.resolve("state.json");
        textfile = dir.resolve("textfile/failover_watchdog.prom");
        Files.createDirectories(dir.resolve("stack"));
        Files.writeString(
                dir.resolve("stack/.env"),
                "COMPOSE_PROFILES=ha-secondary\nHA_ROUTER_IP=127.0.0.12\n");
        logged.start();
        tickLog.addAppender(logged);
    }

    @AfterEach
    void detach() {
        tickLog.detachAppender(logged);
    }

    private WatchdogConfig config(Path metrics) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        return WatchdogYml.loopback(port)
                .conninfoOptions("connect_timeout=1")
                .serviceTypes("{GATEWAY: gateway}")
                .projectDir(dir.resolve("stack"))
                .projectName("fwunit")
                .parse(
                        dir.resolve("watchdog.yml"),
                        """
                        docker: {host: "unix:///nonexistent/docker.sock"}
                        # Rule 3 never fires within a test, however slow the machine: no plan runs here.
                        thresholds: {probe_timeout: 500ms, peer_port: %1$d, router_absent: 30m, max_observation_gap: 1h}
                        state_dir: %2$s
                        metrics: {textfile: %3$s}
                        """
                                .formatted(port, stateDir, metrics));
    }

    private List<String> messages(Level level) {
        return logged.list.stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static double sample(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), series + " in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aCorruptStateFileIsSetAsideAndSupervisionGoesOn() throws Exception {
        Files.createDirectories(stateDir);
        Files.writeString(stateFile, "{\"version\": 1, \"routerAbsentSince\": ");
        Tick tick = new Tick(config(textfile));

        assertEquals(0, tick.run(), "the tick goes on: no exit 2 every 10 s");
        Path aside;
        try (Stream<Path> s = Files.list(stateDir)) {
            aside =
                    s.filter(
                                    p ->
                                            p.getFileName()
                                                    .toString()
                                                    .matches(
                                                            "state\\.json\\.corrupt-\\d{8}T\\d{6}Z"))
                            .findFirst()
                            .orElseThrow();
        }
        assertEquals(
                "{\"version\": 1, \"routerAbsentSince\": ",
                Files.readString(aside),
                "kept as it was");
        String error = messages(Level.ERROR).get(0);
        assertTrue(
                error.contains(stateFile + ": not JSON (line 1)")
                        && error.contains("set aside as " + aside)
                        && error.contains("fresh state"),
                error);

        WatchdogState now = new StateStore(stateDir).load();
        assertTrue(
                now.startedFresh(),
                "PostgreSQL refuses: whether the node is fenced is still to be read");
        assertTrue(now.pending().isEmpty() && now.paused().isEmpty() && now.fenced().isEmpty());
        assertTrue(
                now.routerAbsentSince().isPresent(),
                "a new Rule 3 timer: it waits router_absent from now, never less");

        String prom = Files.readString(textfile);
        assertEquals(1, sample(prom, "failover_watchdog_corrupt_state_files"));
        assertEquals(2, sample(prom, "failover_watchdog_verdict"), "CRITICAL");
        assertEquals(
                "rw-r--r--",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(textfile)),
                "node_exporter reads it");

        Files.delete(aside); // the operator's acknowledgement
        assertEquals(0, tick.run());
        assertEquals(
                0, sample(Files.readString(textfile), "failover_watchdog_corrupt_state_files"));
        assertFalse(Files.readString(textfile).contains("corrupt_state_last_timestamp_seconds"));
    }

    @Test
    void everyTickWritesItsMetricsAndANoteIsLoggedOnlyWhenItAppears() throws Exception {
        Tick tick = new Tick(config(textfile));
        for (int i = 0; i < 3; i++) assertEquals(0, tick.run());
        List<String> info = messages(Level.INFO);
        String repeated = "local PostgreSQL refuses connections (down)";
        assertEquals(
                1,
                info.stream().filter(m -> m.startsWith(repeated)).count(),
                "once in three ticks: " + info);
        assertTrue(
                Files.readString(stateDir.resolve("monitor.json")).contains(repeated),
                "remembered across processes");

        String prom = Files.readString(textfile);
        for (String s :
                List.of(
                        "failover_watchdog_db_role{role=\"down\"} 1",
                        "failover_watchdog_db_role{role=\"primary\"} 0",
                        "failover_watchdog_db_role{role=\"unknown\"} 0",
                        "failover_watchdog_app_role{role=\"secondary\"} 1",
                        "failover_watchdog_paused 0",
                        "failover_watchdog_fenced 0",
                        "failover_watchdog_rule3_timer_running 1",
                        "failover_watchdog_rule3_threshold_seconds 1800",
                        "failover_watchdog_observation_known{observation=\"containers\"} 0",
                        "failover_watchdog_observation_known{observation=\"env\"} 1",
                        "failover_watchdog_info{node=\"node1\",peer=\"node2\"} 1",
                        "failover_watchdog_hook_runs_total{result=\"failed\"} 0",
                        "# TYPE failover_watchdog_hook_runs_total counter")) {
            assertTrue(prom.contains(s + "\n"), s + " in\n" + prom);
        }
        double tickAt = sample(prom, "failover_watchdog_last_tick_timestamp_seconds");
        assertEquals(
                tickAt, sample(prom, "failover_watchdog_last_success_timestamp_seconds"), 0.001);
        assertTrue(
                Math.abs(tickAt - System.currentTimeMillis() / 1000.0) < 30,
                "Unix time in seconds: " + tickAt);
        assertFalse(prom.contains("transitions_total"), "no plan ran: no series made up");
        assertTrue(sample(prom, "failover_watchdog_rule3_timer_seconds") >= 0, prom);
    }

    @Test
    void aTickThatFailsMovesTheTickTimeButNotTheLastSuccess() throws Exception {
        Tick tick = new Tick(config(textfile));
        assertEquals(0, tick.run());
        double success =
                sample(
                        Files.readString(textfile),
                        "failover_watchdog_last_success_timestamp_seconds");
        Thread.sleep(20);
        Files.deleteIfExists(stateFile);
        Files.createDirectory(stateFile); // unreadable: the tick fails with an I/O error
        try {
            tick.run();
        } catch (java.io.IOException expected) {
            // the guard logs it; the textfile is still written
        }
        String prom = Files.readString(textfile);
        assertEquals(
                success, sample(prom, "failover_watchdog_last_success_timestamp_seconds"), 0.0005);
        assertTrue(sample(prom, "failover_watchdog_last_tick_timestamp_seconds") > success);
        assertFalse(
                prom.contains("failover_watchdog_verdict"), "nothing observed, no verdict made up");
    }

    @Test
    void aTextfileThatCannotBeWrittenIsSaidOnceAndTheTickGoesOn() throws Exception {
        Files.writeString(dir.resolve("not-a-dir"), "");
        Tick tick = new Tick(config(dir.resolve("not-a-dir/failover_watchdog.prom")));
        for (int i = 0; i < 3; i++)
            assertEquals(0, tick.run(), "metrics never change the tick's outcome");
        List<String> warnings = messages(Level.WARN);
        assertEquals(
                1,
                warnings.stream().filter(w -> w.startsWith("cannot write the metrics to")).count(),
                warnings.toString());
        assertTrue(warnings.get(0).contains("fix: metrics.textfile"), warnings.get(0));
    }
}
