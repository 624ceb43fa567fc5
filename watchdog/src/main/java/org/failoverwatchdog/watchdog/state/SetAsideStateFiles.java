package org.failoverwatchdog.watchdog.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Corrupt state files moved aside, next to the state file, as state.json.corrupt-20261130T062000Z
 * (a second one within the same second gets -2, -3, ...). The tick moves one aside instead of
 * stopping every tick on it; the file stays for the operator to read, and status is CRITICAL until
 * the operator removes it (the acknowledgement).
 */
public final class SetAsideStateFiles {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private final Path stateFile;
    private final Pattern name;

    /** One state file moved aside, when (from its name), and what is wrong with it. */
    public record SetAside(Path file, Instant at, String problem) {}

    public SetAsideStateFiles(Path stateFile) {
        this.stateFile = stateFile;
        this.name =
                Pattern.compile(
                        Pattern.quote(stateFile.getFileName() + ".corrupt-")
                                + "(\\d{8}T\\d{6}Z)(?:-\\d+)?");
    }

    /**
     * Renames the state file aside (never over another one: the tick lock is held) and returns
     * where it went.
     */
    public Path setAside(Instant now) throws IOException {
        String base = stateFile.getFileName() + ".corrupt-" + STAMP.format(now);
        Path target = stateFile.resolveSibling(base);
        // rename(2) would replace an earlier one set aside within the same second: take the next
        // suffix.
        for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++)
            target = stateFile.resolveSibling(base + "-" + n);
        Files.move(stateFile, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d =
                FileChannel.open(stateFile.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            d.force(true);
        }
        return target;
    }

    private static String problem(Path p) {
        try {
            return StateStore.problemIn(p).orElse("it reads now (mended by hand?)");
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
    }

    /**
     * The set-aside files present, newest first; each is read again for what is wrong with it (they
     * are rare and small).
     */
    public List<SetAside> present() throws IOException {
        Path dir = stateFile.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) return List.of();
        List<SetAside> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = name.matcher(p.getFileName().toString());
                if (!m.matches()) continue;
                Instant at;
                try {
                    at = STAMP.parse(m.group(1), Instant::from);
                } catch (DateTimeParseException e) {
                    at = Files.getLastModifiedTime(p).toInstant();
                }
                out.add(new SetAside(p, at, problem(p)));
            }
        }
        out.sort(
                Comparator.comparing(SetAside::at)
                        .thenComparing(a -> a.file().getFileName().toString())
                        .reversed());
        return out;
    }
}
