package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.rules.Rules;
import org.failoverwatchdog.watchdog.state.SetAsideStateFiles;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.testing.HealthyPrimary;
import org.junit.jupiter.api.Test;

class StatusReportTest {
    private static final WatchdogConfig C = HealthyPrimary.config("");

    private static StatusReport report(List<SetAsideStateFiles.SetAside> aside) {
        Observations o = HealthyPrimary.observations();
        WatchdogState s = WatchdogState.initial();
        return StatusReport.build(C, o, s, new Rules(C).decide(o, s), Optional.empty(), aside);
    }

    @Test
    void aSetAsideStateFileIsCriticalUntilRemoved() {
        assertEquals(StatusReport.OK, report(List.of()).code(), report(List.of()).problems.toString());
        Path file = Path.of("/var/lib/watchdog/state.json.corrupt-20261130T062000Z");
        StatusReport r = report(List.of(new SetAsideStateFiles.SetAside(file, HealthyPrimary.T0, "not JSON (line 3)")));
        assertEquals(StatusReport.CRITICAL, r.code());
        assertEquals(1, r.problems.size(), r.problems.toString());
        String p = r.problems.get(0);
        assertTrue(p.startsWith("CRITICAL: the state file was corrupt (not JSON (line 3)) and was set aside as " + file + " at 2026-11-30T06:20:00Z"), p);
        assertTrue(p.contains("fix: read it, pause again if maintenance was under way, then delete it to clear this"), p);
        assertEquals(List.of(Map.of("file", file.toString(), "at", "2026-11-30T06:20:00Z", "problem", "not JSON (line 3)")), r.tree.get("stateSetAside"));
    }
}
