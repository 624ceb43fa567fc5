package org.failoverwatchdog.watchdog.cli;

import java.time.Instant;
import java.util.List;

/** An {@link OperatorReport} as the operator reads it, and as --json gives it. */
final class OperatorReportRender {
    private OperatorReportRender() {}

    /** The phase table and the verdict (the checks were printed as they ran). */
    static String text(OperatorReport r) {
        StringBuilder b = new StringBuilder();
        if (!r.phases().isEmpty()) {
            b.append(String.format("%-28s %8s %8s  %s%n", "PHASE", "TOOK", "AT", "SEEN"));
            for (OperatorReport.Phase p : r.phases())
                b.append(
                        String.format(
                                "%-28s %8s %8s  %s%n",
                                (p.ok() ? "" : "FAILED ") + p.name(),
                                secs(p.took().toMillis()),
                                secs(p.at().toMillis()),
                                p.detail()));
        }
        b.append(word(r)).append(": ").append(r.message()).append('\n');
        r.fix().ifPresent(f -> b.append("fix: ").append(f).append('\n'));
        return b.toString();
    }

    private static String word(OperatorReport r) {
        return switch (r.result()) {
            case DONE, NOTHING_TO_DO, DRY_RUN_OK -> "ok";
            case REFUSED -> "refused";
            case FAILED -> "FAILED";
        };
    }

    static String secs(long ms) {
        return String.format("%.1f s", ms / 1000.0);
    }

    /**
     * The report as --json gives it, a record the shared mapper writes; the field names and their
     * order are the output's.
     *
     * @param result lower case, '-' for '_': done, nothing-to-do, dry-run-ok, refused, failed
     * @param ok the command's exit code is 0
     * @param repmgr null when repmgr was not run
     * @param fix null when there is none
     */
    record ReportJson(
            String command,
            String result,
            boolean ok,
            String from,
            String to,
            boolean dryRun,
            Instant started,
            List<CheckJson> checks,
            List<PhaseJson> phases,
            long totalMs,
            RepmgrJson repmgr,
            String message,
            String fix) {}

    /**
     * @param name the check's name on the wire (e.g. target-standby)
     * @param fix null when it passed
     */
    record CheckJson(String name, String what, boolean passed, String detail, String fix) {}

    /**
     * @param ms how long it took, since the phase before ended
     * @param atMs when it ended, since the command began
     */
    record PhaseJson(String phase, boolean ok, long ms, long atMs, String detail) {}

    /**
     * @param promotedAt when repmgr said the promotion succeeded; null when it did not say
     * @param output repmgr's lines
     */
    record RepmgrJson(
            String command,
            int exitCode,
            boolean timedOut,
            long ms,
            Instant promotedAt,
            List<String> errors,
            List<String> warnings,
            List<String> output) {}

    static ReportJson tree(OperatorReport r) {
        return new ReportJson(
                r.command().name().toLowerCase(),
                r.result().name().toLowerCase().replace('_', '-'),
                r.result().exitCode == 0,
                r.from(),
                r.to(),
                r.dryRun(),
                r.started(),
                r.checks().stream()
                        .map(
                                c ->
                                        new CheckJson(
                                                c.name().wire,
                                                c.name().what,
                                                c.passed(),
                                                c.detail(),
                                                c.fix().orElse(null)))
                        .toList(),
                r.phases().stream()
                        .map(
                                p ->
                                        new PhaseJson(
                                                p.name(),
                                                p.ok(),
                                                p.took().toMillis(),
                                                p.at().toMillis(),
                                                p.detail()))
                        .toList(),
                r.total().toMillis(),
                r.repmgr()
                        .map(
                                run ->
                                        new RepmgrJson(
                                                run.commandLine(),
                                                run.exitCode(),
                                                run.timedOut(),
                                                run.took().toMillis(),
                                                run.output().promotedAt().orElse(null),
                                                run.output().errors(),
                                                run.output().warnings(),
                                                run.lines().stream()
                                                        .map(Repmgr.Line::text)
                                                        .toList()))
                        .orElse(null),
                r.message(),
                r.fix().orElse(null));
    }
}
