package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.testing.WatchdogYml;
import org.junit.jupiter.api.Test;

class FenceTimingTest {
    /**
     * The lab's repmgr.conf timing (docs/LAB.md: about 15 s to a promotion after a cut; 7 s at the
     * very earliest).
     */
    static final String LAB_REPMGR =
            """
            node_id=1
            conninfo='host=10.231.77.11 user=repmgr'
            failover='automatic'
            monitor_interval_secs=1
            reconnect_attempts=3
            reconnect_interval=2   # seconds
            """;

    static WatchdogConfig config(String fencing) throws Exception {
        return WatchdogYml.node1()
                .serviceTypes("{EDGE: edge}")
                .parse(
                        Path.of("/etc/failover-watchdog/watchdog.yml"),
                        "witness: {name: w, ip: 10.0.0.13, ssh_key: /etc/hostname, known_hosts: /etc/hostname}\n"
                                + fencing);
    }

    @Test
    void theDefaultsFenceBeforeTheLabsRepmgrCanPromote() throws Exception {
        FenceTiming t = FenceTiming.of(config(""), LAB_REPMGR, Optional.empty());
        assertEquals(Duration.ofSeconds(5), t.fenceBy(), t.why());
        assertEquals(Optional.of(Duration.ofSeconds(7)), t.promoteAt());
        assertTrue(t.ok(), t.why());
        assertTrue(
                t.why()
                        .contains(
                                "monitor_interval_secs 1 + reconnect_attempts 3 x reconnect_interval 2 s"),
                t.why());
    }

    @Test
    void theTimerAloneIsTooSlowAndSoIsALongFenceAfter() throws Exception {
        FenceTiming timerOnly =
                FenceTiming.of(
                        config("guard: {enabled: false}\n"),
                        LAB_REPMGR,
                        Optional.of(
                                "[Timer]\nOnBootSec=10s\nOnUnitActiveSec=10s\nAccuracySec=1s\n"));
        assertEquals(Duration.ofSeconds(13), timerOnly.fenceBy(), timerOnly.why());
        assertFalse(timerOnly.ok());
        assertTrue(
                timerOnly.why().contains("timer period 10 s (the guard is off)"), timerOnly.why());
        assertFalse(
                FenceTiming.of(config("fencing: {fence_after: 6s}\n"), LAB_REPMGR, Optional.empty())
                        .ok(),
                "2 + 6 + 1 + 2 + 1 s is not before 7 s");
    }

    @Test
    void repmgrsOwnDefaultsAndAManualFailoverAreRead() throws Exception {
        FenceTiming defaults = FenceTiming.of(config(""), "failover=automatic\n", Optional.empty());
        assertEquals(Optional.of(Duration.ofSeconds(62)), defaults.promoteAt(), "2 + 6 x 10 s");
        FenceTiming manual = FenceTiming.of(config(""), "node_id=1\n", Optional.empty());
        assertTrue(manual.promoteAt().isEmpty() && manual.ok(), manual.why());
    }
}
