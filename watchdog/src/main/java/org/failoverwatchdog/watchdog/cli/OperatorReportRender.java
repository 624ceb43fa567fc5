package org.failoverwatchdog.watchdog.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    static Map<String, Object> tree(OperatorReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", r.command().name().toLowerCase());
        m.put("result", r.result().name().toLowerCase().replace('_', '-'));
        m.put("ok", r.result().exitCode == 0);
        m.put("from", r.from());
        m.put("to", r.to());
        m.put("dryRun", r.dryRun());
        m.put("started", r.started().toString());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Precheck c : r.checks()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", c.name().wire);
            x.put("what", c.name().what);
            x.put("passed", c.passed());
            x.put("detail", c.detail());
            x.put("fix", c.fix().orElse(null));
            checks.add(x);
        }
        m.put("checks", checks);
        List<Map<String, Object>> phases = new ArrayList<>();
        for (OperatorReport.Phase p : r.phases()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("phase", p.name());
            x.put("ok", p.ok());
            x.put("ms", p.took().toMillis());
            x.put("atMs", p.at().toMillis());
            x.put("detail", p.detail());
            phases.add(x);
        }
        m.put("phases", phases);
        m.put("totalMs", r.total().toMillis());
        m.put(
                "repmgr",
                r.repmgr()
                        .map(
                                run -> {
                                    Map<String, Object> x = new LinkedHashMap<>();
                                    RepmgrOutput o = run.output();
                                    x.put("command", run.commandLine());
                                    x.put("exitCode", run.exitCode());
                                    x.put("timedOut", run.timedOut());
                                    x.put("ms", run.took().toMillis());
                                    x.put(
                                            "promotedAt",
                                            o.promotedAt().map(Object::toString).orElse(null));
                                    x.put("errors", o.errors());
                                    x.put("warnings", o.warnings());
                                    x.put(
                                            "output",
                                            run.lines().stream().map(Repmgr.Line::text).toList());
                                    return x;
                                })
                        .orElse(null));
        m.put("message", r.message());
        m.put("fix", r.fix().orElse(null));
        return m;
    }
}
