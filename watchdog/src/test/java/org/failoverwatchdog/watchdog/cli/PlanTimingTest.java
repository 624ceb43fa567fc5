package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plans' gates against the tick unit's TimeoutStartSec, read as systemd reads the unit and its
 * drop-ins.
 */
class PlanTimingTest {
    @TempDir Path dir;

    private Path units(String service, String... dropins) throws Exception {
        Files.writeString(
                dir.resolve("failover-watchdog.timer"),
                "[Timer]\nOnUnitActiveSec=10s\nUnit=failover-watchdog.service\n");
        Files.writeString(dir.resolve("failover-watchdog.service"), service);
        if (dropins.length > 0) {
            Path d = Files.createDirectory(dir.resolve("failover-watchdog.service.d"));
            for (int i = 0; i < dropins.length; i++)
                Files.writeString(d.resolve(i + "-x.conf"), dropins[i]);
        }
        return dir.resolve("failover-watchdog.timer");
    }

    @Test
    void theShippedUnitGivesTheDefaultPlansRoom() throws Exception {
        Path shipped = Path.of("..", "systemd", "failover-watchdog.timer");
        TickServiceUnit unit = TickServiceUnit.read(shipped);
        assertEquals(Optional.of(Duration.ofSeconds(300)), unit.startTimeout(), unit.source());
        PlanTiming t = PlanTiming.of(FenceTimingTest.config(""), unit);
        assertEquals(
                Duration.ofSeconds(162), t.promote(), "router 30 + pooler 2 + 90 + EDGE 20 + 20 s");
        assertEquals(Duration.ofSeconds(115), t.demote(), "45 + 10 + 10 + 20 + 30 s");
        assertTrue(t.ok(), t.why());
        assertEquals(Optional.of(Duration.ofSeconds(138)), t.spare());
    }

    @Test
    void aPlanThatCanOutlastTheUnitIsRefusedAndAHookCounts() throws Exception {
        Path timer = units("[Service]\nType=oneshot\nTimeoutStartSec=3min\n");
        TickServiceUnit unit = TickServiceUnit.read(timer);
        assertEquals(Optional.of(Duration.ofSeconds(180)), unit.startTimeout());
        assertTrue(PlanTiming.of(FenceTimingTest.config(""), unit).ok(), "162 s < 180 s");
        PlanTiming withHook =
                PlanTiming.of(
                        FenceTimingTest.config("hooks: {on_transition: /bin/true, timeout: 20s}\n"),
                        unit);
        assertFalse(withHook.ok(), withHook.why());
        assertTrue(
                withHook.why()
                        .startsWith(
                                "the plans' gates wait at most promote 162 s, demote 115 s, plus hooks.timeout 20 s; systemd stops a tick after 180 s"
                                        + " (TimeoutStartSec=3min in "
                                        + dir.resolve("failover-watchdog.service")
                                        + ")"),
                withHook.why());
    }

    @Test
    void dropInsWinInOrderAndAnEmptyAssignmentResets() throws Exception {
        Path timer =
                units(
                        "[Service]\nType=oneshot\nTimeoutStartSec=300\n",
                        "[Service]\nTimeoutSec=1min 30s\n");
        TickServiceUnit u = TickServiceUnit.read(timer);
        assertEquals(Optional.of(Duration.ofSeconds(90)), u.startTimeout());
        assertTrue(
                u.source()
                        .startsWith(
                                "TimeoutSec=1min 30s in "
                                        + dir.resolve("failover-watchdog.service.d")),
                u.source());
        Files.writeString(
                dir.resolve("failover-watchdog.service.d/9-reset.conf"),
                "[Service]\nTimeoutStartSec=\n");
        assertTrue(
                TickServiceUnit.read(timer).startTimeout().isEmpty(),
                "reset to a oneshot's default: no limit");
    }

    @Test
    void systemdsTimeSpansAndDefaults() throws Exception {
        assertEquals(Optional.of(Duration.ofSeconds(300)), TickServiceUnit.timespan("300"));
        assertEquals(Optional.of(Duration.ofSeconds(330)), TickServiceUnit.timespan("5m 30s"));
        assertEquals(Optional.of(Duration.ofMillis(1500)), TickServiceUnit.timespan("1.5s"));
        assertEquals(Optional.empty(), TickServiceUnit.timespan("infinity"));
        assertEquals(Optional.empty(), TickServiceUnit.timespan("0"));
        assertEquals(
                Optional.of(TickServiceUnit.SYSTEMD_DEFAULT),
                TickServiceUnit.timespan("soon"),
                "systemd refuses it and keeps its default");
        TickServiceUnit simple = TickServiceUnit.read(units("[Service]\nType=simple\n"));
        assertEquals(Optional.of(Duration.ofSeconds(90)), simple.startTimeout(), simple.source());
        TickServiceUnit oneshot = TickServiceUnit.read(units("[Service]\nType=oneshot\n"));
        assertTrue(oneshot.startTimeout().isEmpty(), oneshot.source());
        assertTrue(
                PlanTiming.of(FenceTimingTest.config(""), oneshot)
                        .why()
                        .contains(
                                "systemd never stops a tick (Type=oneshot without TimeoutStartSec"));
    }

    @Test
    void theServiceIsTheTimersNameWithoutUnit() throws Exception {
        Files.writeString(dir.resolve("tick.timer"), "[Timer]\nOnUnitActiveSec=10s\n");
        Files.writeString(
                dir.resolve("tick.service"), "[Service]\nType=oneshot\nTimeoutStartSec=42\n");
        assertEquals(
                Optional.of(Duration.ofSeconds(42)),
                TickServiceUnit.read(dir.resolve("tick.timer")).startTimeout());
    }
}
