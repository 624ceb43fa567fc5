package org.failoverwatchdog.watchdog.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How long systemd lets the timer's tick run: TimeoutStartSec of the service the timer starts (its
 * Unit=, by default the timer's name), read from the unit file beside the timer and its drop-ins
 * (NAME.service.d/*.conf, in order; the last assignment wins, an empty one resets).
 *
 * @param startTimeout empty: no limit (infinity, or a oneshot without TimeoutStartSec)
 * @param source where the value came from, for the operator
 */
record TickServiceUnit(Path file, Optional<Duration> startTimeout, String source) {
    /** systemd's DefaultTimeoutStartSec unless system.conf changes it. */
    static final Duration SYSTEMD_DEFAULT = Duration.ofSeconds(90);

    private static final Pattern UNIT = Pattern.compile("(?m)^\\s*Unit\\s*=\\s*(\\S+)\\s*$");
    private static final Pattern SETTING =
            Pattern.compile("^\\s*(TimeoutStartSec|TimeoutSec|Type)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern SPAN = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");

    /**
     * @throws IOException when the timer or the service cannot be read (the caller says what was
     *     not checked)
     */
    static TickServiceUnit read(Path timerUnit) throws IOException {
        Matcher m = UNIT.matcher(Files.readString(timerUnit));
        String name =
                m.find()
                        ? m.group(1)
                        : timerUnit.getFileName().toString().replaceFirst("\\.timer$", ".service");
        Path service = timerUnit.resolveSibling(name);
        List<Path> files = new ArrayList<>(List.of(service));
        Path dropins = timerUnit.resolveSibling(name + ".d");
        if (Files.isDirectory(dropins)) {
            try (Stream<Path> s = Files.list(dropins)) {
                s.filter(p -> p.getFileName().toString().endsWith(".conf"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        List<Line> lines = new ArrayList<>();
        for (Path f : files) Files.readString(f).lines().forEach(l -> lines.add(new Line(f, l)));
        return of(service, lines);
    }

    /** One line of a unit file or drop-in. */
    record Line(Path file, String text) {}

    /**
     * @param lines the unit's lines and its drop-ins', in the order systemd reads them
     */
    static TickServiceUnit of(Path service, List<Line> lines) {
        boolean oneshot = false;
        String timeout = null, where = null;
        for (Line line : lines) {
            Matcher m = SETTING.matcher(line.text());
            if (!m.matches()) continue;
            if (m.group(1).equals("Type")) {
                oneshot = m.group(2).equals("oneshot");
            } else {
                timeout = m.group(2).isEmpty() ? null : m.group(2);
                where = m.group(1) + "=" + m.group(2) + " in " + line.file();
            }
        }
        if (timeout == null) {
            // systemd: a oneshot has no start timeout unless one is set; others get the manager's
            // default.
            return oneshot
                    ? new TickServiceUnit(
                            service,
                            Optional.empty(),
                            "Type=oneshot without TimeoutStartSec in " + service)
                    : new TickServiceUnit(
                            service,
                            Optional.of(SYSTEMD_DEFAULT),
                            "DefaultTimeoutStartSec (90 s unless system.conf changes it) for "
                                    + service);
        }
        return new TickServiceUnit(service, timespan(timeout), where);
    }

    /**
     * A systemd time span ("300", "5min", "1min 30s", "infinity"); empty: infinity. Unreadable: the
     * default, as systemd would refuse it.
     */
    static Optional<Duration> timespan(String text) {
        if (text.equals("infinity")) return Optional.empty();
        Matcher m = SPAN.matcher(text);
        double seconds = 0;
        int end = 0;
        while (m.find()) {
            if (!text.substring(end, m.start()).isBlank()) return Optional.of(SYSTEMD_DEFAULT);
            double v = Double.parseDouble(m.group(1));
            double unit =
                    switch (m.group(2)) {
                        case "", "s", "sec", "second", "seconds" -> 1;
                        case "ms", "msec" -> 0.001;
                        case "us", "usec" -> 0.000001;
                        case "m", "min", "minute", "minutes" -> 60;
                        case "h", "hr", "hour", "hours" -> 3600;
                        case "d", "day", "days" -> 86400;
                        case "w", "week", "weeks" -> 604800;
                        default -> Double.NaN;
                    };
            if (Double.isNaN(unit)) return Optional.of(SYSTEMD_DEFAULT);
            seconds += v * unit;
            end = m.end();
        }
        if (end == 0 || !text.substring(end).isBlank()) return Optional.of(SYSTEMD_DEFAULT);
        // systemd: 0 disables the timeout
        return seconds == 0
                ? Optional.empty()
                : Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
