package org.failoverwatchdog.watchdog.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.watchdog.state.MonitorState;
import org.failoverwatchdog.watchdog.state.MonitorStore;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * What the watchdog's JSON costs (bench/json-cost runs it; bench/RESULTS.md, "Typed JSON"). Uses
 * only API that the code before the records has too, so the same class measures both.
 *
 * <ul>
 *   <li>{@code cold DIR}: what a tick's JVM does with JSON, once: read and write state.json and
 *       monitor.json (as written by {@link JsonSamples}), append a journal line, render `status
 *       --json`. Run under {@code -Xlog:class+load} and /usr/bin/time.
 *   <li>{@code tick DIR}: only what a quiet tick does with JSON: read and write state.json and
 *       monitor.json.
 *   <li>{@code warm DIR N}: the guard's steady state: N reads and writes of state.json and of
 *       monitor.json after a warm-up, the mean per read+write (DIR on tmpfs keeps the fsync out of
 *       it) and per status JSON render.
 * </ul>
 */
public final class JsonCost {
    private JsonCost() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        StateStore state = new StateStore(dir);
        MonitorStore monitor = new MonitorStore(dir);
        if (!Files.exists(state.file())) state.save(JsonSamples.state());
        if (!Files.exists(monitor.file())) monitor.save(JsonSamples.monitor());
        if (args[0].equals("tick")) { // the JSON of a quiet tick: no transition, no status
            state.save(state.load());
            monitor.save(monitor.load());
            return;
        }
        if (args[0].equals("cold")) {
            WatchdogState s = state.load();
            state.save(s);
            MonitorState m = monitor.load();
            monitor.save(m);
            PlanResult r = JsonSamples.plans().get(1);
            new Journal(dir.resolve("journal.jsonl")).append(r, "node1");
            String status = Main.JSON.writeValueAsString(JsonSamples.healthyStatus().tree);
            System.out.println(status.length());
            return;
        }
        int n = Integer.parseInt(args[2]);
        var os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        StatusReport report = JsonSamples.healthyStatus();
        for (int i = 0; i < Math.max(2000, n / 5); i++) {
            state.save(state.load());
            monitor.save(monitor.load());
            Main.JSON.writeValueAsString(report.tree);
        }
        long c0 = os.getProcessCpuTime(), w0 = System.nanoTime();
        for (int i = 0; i < n; i++) state.save(state.load());
        long c1 = os.getProcessCpuTime(), w1 = System.nanoTime();
        for (int i = 0; i < n; i++) monitor.save(monitor.load());
        long c2 = os.getProcessCpuTime(), w2 = System.nanoTime();
        int len = 0;
        for (int i = 0; i < n; i++) len += Main.JSON.writeValueAsString(report.tree).length();
        long c3 = os.getProcessCpuTime(), w3 = System.nanoTime();
        System.out.printf(
                "state read+write: wall %.1f us, CPU %.1f us; monitor read+write: wall %.1f us, CPU"
                        + " %.1f us; status JSON: wall %.1f us, CPU %.1f us (mean of %d, %d chars)%n",
                (w1 - w0) / 1e3 / n,
                (c1 - c0) / 1e3 / n,
                (w2 - w1) / 1e3 / n,
                (c2 - c1) / 1e3 / n,
                (w3 - w2) / 1e3 / n,
                (c3 - c2) / 1e3 / n,
                n,
                len / n);
    }
}
