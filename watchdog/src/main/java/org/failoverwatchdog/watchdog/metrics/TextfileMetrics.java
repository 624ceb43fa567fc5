package org.failoverwatchdog.watchdog.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.failoverwatchdog.convergence.AtomicFile;

/**
 * The .prom file node_exporter's textfile collector reads: replaced atomically (the collector never
 * reads half a file), created 0644 so the collector's user can read it.
 */
public final class TextfileMetrics {
    private final Path file;

    public TextfileMetrics(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void write(String text) throws IOException {
        AtomicFile.write(file, text, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /**
     * The last success as the previous tick wrote it: a tick that fails (perhaps in a process of its
     * own, the timer's) carries it over instead of losing it. Empty when there is none to read.
     */
    public Optional<Instant> lastSuccess() {
        return timestamp(MetricsText.LAST_SUCCESS);
    }

    /** When the last tick ended, as it wrote it (`watchdog status`'s tick_age). Empty when there is none to read. */
    public Optional<Instant> lastTick() {
        return timestamp(MetricsText.LAST_TICK);
    }

    private Optional<Instant> timestamp(String series) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable: the write will say what is wrong
        }
        String prefix = series + " ";
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().flatMap(l -> {
            try {
                double s = Double.parseDouble(l.substring(prefix.length()).strip());
                return Optional.of(Instant.ofEpochMilli(Math.round(s * 1000)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
