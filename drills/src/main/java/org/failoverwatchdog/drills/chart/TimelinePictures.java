package org.failoverwatchdog.drills.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.failoverwatchdog.drills.report.JsonReport;
import org.failoverwatchdog.drills.run.IterationResult;
import org.jfree.chart.ChartUtils;

/**
 * Writes each iteration's timeline as a PNG beside results.json: {@code <drill>-<iteration>.png}. A
 * picture never costs a drill its results: whatever fails (no fonts, no disk, a bug) becomes one
 * warning line naming the file and the cause.
 */
public final class TimelinePictures {
    private TimelinePictures() {}

    /** The picture of one iteration in the results folder dir. */
    public static Path file(Path dir, String drill, int iteration) {
        return dir.resolve(drill + "-" + iteration + ".png");
    }

    /**
     * Renders one iteration (its element of results.json's "iterations"); the file, or empty after
     * a warning.
     */
    public static Optional<Path> render(JsonNode iteration, Path dir, Consumer<String> warn) {
        Path f =
                file(
                        dir,
                        iteration.path("drill").asText("drill"),
                        iteration.path("iteration").asInt());
        try {
            write(ChartData.of(iteration), f);
            return Optional.of(f);
        } catch (Throwable e) { // NOPMD: a picture must never end a drill run, whatever the cause
            warn.accept("no timeline picture " + f + ": " + cause(e));
            return Optional.empty();
        }
    }

    /** Renders one iteration just measured, as it goes into results.json. */
    public static Optional<Path> render(IterationResult r, Path dir, Consumer<String> warn) {
        JsonNode it;
        try {
            it = JsonReport.mapper().valueToTree(r);
        } catch (RuntimeException e) {
            warn.accept(
                    "no timeline picture " + file(dir, r.drill(), r.iteration()) + ": " + cause(e));
            return Optional.empty();
        }
        return render(it, dir, warn);
    }

    /**
     * Renders every iteration of dir/results.json (e.g. an older run's); the files written. A
     * results.json that cannot be read is an IOException.
     */
    public static List<Path> renderAll(Path dir, Consumer<String> warn) throws IOException {
        JsonNode root = JsonReport.mapper().readTree(dir.resolve("results.json").toFile());
        if (root == null || !root.path("iterations").isArray())
            throw new IOException(dir.resolve("results.json") + " has no \"iterations\" array");
        List<Path> out = new ArrayList<>();
        for (JsonNode it : root.path("iterations")) render(it, dir, warn).ifPresent(out::add);
        return out;
    }

    /** PNG at the chart's size, written whole or not at all. */
    static void write(ChartData d, Path f) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ChartUtils.writeChartAsPNG(
                        out, TimelineChart.of(d), TimelineChart.WIDTH, TimelineChart.HEIGHT);
            }
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The exception and its root cause in one line; a font failure says what to install (AWT draws
     * no text without fontconfig and one font).
     */
    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String s = e.toString() + (root == e ? "" : " (cause: " + root + ")");
        boolean fonts = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).toLowerCase().contains("font")) fonts = true;
            for (StackTraceElement el : t.getStackTrace())
                if (el.getClassName().startsWith("sun.font.")
                        || el.getClassName().startsWith("sun.awt.FontConfiguration")) fonts = true;
        }
        return fonts
                ? s
                        + " (fix: install fontconfig and a font, e.g. apt-get install fontconfig"
                        + " fonts-dejavu-core)"
                : s;
    }
}
