package org.failoverwatchdog.watchdog.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
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
     * The last success as the previous tick wrote it: a tick that fails (perhaps in a process of
     * its own, the timer's) carries it over instead of losing it. Empty when there is none to read.
     */
    public Optional<Instant> lastSuccess() {
        return timestamp(MetricsText.LAST_SUCCESS);
    }

    /**
     * When the last tick ended, as it wrote it (`failover-watchdog status`'s tick_age). Empty when
     * there is none to read.
     */
    public Optional<Instant> lastTick() {
        return timestamp(MetricsText.LAST_TICK);
    }

    /**
     * status's verdict at the last tick's observations, as it wrote it (0 OK, 1 WARNING, 2
     * CRITICAL, 3 UNKNOWN); empty when there is none to read (no tick got as far as observing).
     */
    public OptionalInt verdict() {
        OptionalDouble v = value(MetricsText.VERDICT);
        return v.isPresent() ? OptionalInt.of((int) v.getAsDouble()) : OptionalInt.empty();
    }

    private Optional<Instant> timestamp(String series) {
        OptionalDouble s = value(series);
        return s.isPresent()
                ? Optional.of(Instant.ofEpochMilli(Math.round(s.getAsDouble() * 1000)))
                : Optional.empty();
    }

    private OptionalDouble value(String series) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty(); // unreadable: the write will say what is wrong
        }
        String prefix = series + " ";
        return text.lines()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .map(
                        l -> {
                            try {
                                return OptionalDouble.of(
                                        Double.parseDouble(l.substring(prefix.length()).strip()));
                            } catch (NumberFormatException e) {
                                return OptionalDouble.empty();
                            }
                        })
                .orElse(OptionalDouble.empty());
    }
}
