package org.failoverwatchdog.drills.report;

import java.util.List;

/**
 * The results as the Markdown table (optionally with the reference deployment's RTO beside
 * each row).
 */
public final class MarkdownTable {
    private static final int REASON_CHARS = 160;

    private MarkdownTable() {}

    public static String render(List<DrillSummary> rows, boolean withReportRto) {
        StringBuilder b = new StringBuilder();
        b.append("| failure |")
                .append(withReportRto ? " report's RTO |" : "")
                .append(
                        " iterations | median bad window (s) | max bad window (s) | non-200 total | time to promote (s, median)"
                                + " | time to converge (s, median) | dual-writer s | lost writes | drill's figures (median) | pass/fail |\n");
        b.append("|---|")
                .append(withReportRto ? "---|" : "")
                .append("---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
        for (DrillSummary r : rows) {
            b.append("| ").append(cell(r.failure())).append(" (`").append(r.drill()).append("`) |");
            if (withReportRto) b.append(' ').append(cell(r.reportRto())).append(" |");
            b.append(' ')
                    .append(r.iterations())
                    .append(" | ")
                    .append(num(r.medianBadSeconds()))
                    .append(" | ")
                    .append(num(r.maxBadSeconds()))
                    .append(" | ")
                    .append(r.non200Total())
                    .append(" | ")
                    .append(num(r.medianPromoteSeconds()))
                    .append(" | ")
                    .append(num(r.medianConvergeSeconds()))
                    .append(" | ")
                    .append(num(r.dualWriterSeconds()))
                    .append(" | ")
                    .append(lost(r))
                    .append(" | ")
                    .append(figures(r))
                    .append(" | ")
                    .append(verdict(r))
                    .append(" |\n");
        }
        return b.toString();
    }

    /** A picture the results link: its caption and its file name in the results folder. */
    public record Picture(String caption, String file) {}

    /** The iterations' timeline pictures, for below the table; "" when there is none. */
    public static String timelines(List<Picture> pictures) {
        if (pictures.isEmpty()) return "";
        StringBuilder b = new StringBuilder("\n## Timelines\n\n");
        for (Picture p : pictures)
            b.append("![").append(p.caption()).append("](").append(p.file()).append(")\n\n");
        return b.toString();
    }

    static String num(Double v) {
        if (v == null) return "—";
        return v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.1f", v);
    }

    static String lost(DrillSummary r) {
        if (r.lostWrites() == 0) return "0 of " + r.acknowledgedWrites();
        return r.lostWrites()
                + " of "
                + r.acknowledgedWrites()
                + (r.lostWritesAllowed() ? " (async replication)" : " **LOST**");
    }

    /**
     * "name value; name value", "—" for a figure no iteration saw, and "—" alone for a drill
     * without figures.
     */
    static String figures(DrillSummary r) {
        if (r.medianMetrics().isEmpty()) return "—";
        List<String> parts = new java.util.ArrayList<>();
        r.medianMetrics().forEach((k, v) -> parts.add(cell(k) + " " + num(v)));
        return String.join("; ", parts);
    }

    static String verdict(DrillSummary r) {
        if (r.passed()) return "pass " + r.passedIterations() + "/" + r.iterations();
        String why = String.join("; ", r.failures());
        if (why.length() > REASON_CHARS) why = why.substring(0, REASON_CHARS) + "…";
        return "**FAIL** "
                + r.passedIterations()
                + "/"
                + r.iterations()
                + (why.isEmpty() ? "" : ": " + cell(why));
    }

    /** Pipes and line breaks would break the table. */
    static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
