package org.failoverwatchdog.convergence;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable history of transitions: one JSON line per finished plan, appended and fsynced, so
 * `failover-watchdog history` can show what happened, why, and how long each step took. A line that
 * cannot be read (a crash mid-append, a hand edit) is skipped with a warning; the rest stays
 * readable.
 *
 * <p>The current file is rotated by {@link JournalRotation}: renamed (one atomic rename, never a
 * copy) to {@code <name>.<UTC time>}, e.g. {@code journal.jsonl.20260102T030405.678Z}, so the
 * rotated files sort oldest first by name and no file is ever renamed twice; `history` reads across
 * them.
 */
public final class Journal {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final Set<PosixFilePermission> DIR_MODE =
            PosixFilePermissions.fromString("rwxr-x---");
    private static final Set<PosixFilePermission> FILE_MODE =
            PosixFilePermissions.fromString("rw-r-----");

    /**
     * One journal line, as Jackson binds it both ways (the field names and their order are the
     * line's). Read leniently as it always was: only time and kind are required; a missing text is
     * "", a missing number 0, missing steps none.
     */
    public record Entry(
            Instant time,
            String node,
            String kind,
            String rule,
            String reason,
            boolean succeeded,
            long totalMs,
            List<StepEntry> steps) {
        public Entry {
            node = orEmpty(node);
            rule = orEmpty(rule);
            reason = orEmpty(reason);
            steps = steps == null ? List.of() : List.copyOf(steps);
        }

        /** The entry of a finished plan, as {@link #append} writes it. */
        public static Entry of(PlanResult r, String node) {
            return new Entry(
                    r.started(),
                    node,
                    r.plan().kind().name(),
                    r.plan().rule().wire(),
                    r.plan().reason(),
                    r.succeeded(),
                    r.duration().toMillis(),
                    r.steps().stream()
                            .map(
                                    s ->
                                            new StepEntry(
                                                    s.step(),
                                                    s.outcome().name(),
                                                    s.duration().toMillis(),
                                                    s.detail()))
                            .toList());
        }
    }

    public record StepEntry(String step, String outcome, long ms, String detail) {
        public StepEntry {
            step = orEmpty(step);
            outcome = orEmpty(outcome);
            detail = orEmpty(detail);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final JournalRotation rotation;
    private final Pattern rotatedName;

    public Journal(Path file) {
        this(file, JournalRotation.DEFAULT);
    }

    public Journal(Path file, JournalRotation rotation) {
        this.file = file;
        this.rotation = rotation;
        this.rotatedName =
                Pattern.compile(
                        Pattern.quote(file.getFileName().toString())
                                + "\\.\\d{8}T\\d{6}\\.\\d{3}Z");
    }

    public Path path() {
        return file;
    }

    /**
     * Appends one line for the plan and fsyncs it; creates the directory (0750) and file (0640) if
     * needed.
     */
    public void append(PlanResult result, String node) throws IOException {
        append(toJson(result, node), result.started());
    }

    /**
     * Appends one entry that no plan made (an operator's switchover or failover, whose kind and
     * rule are not a plan's), as {@link #append(PlanResult, String)} does.
     */
    public void append(Entry e) throws IOException {
        append(toJson(e), e.time());
    }

    private void append(String json, Instant started) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(
                    dir, DIR_MODE); // the umask may have narrowed it differently
        }
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        rotateIfDue(line.length, started);
        boolean created = !Files.exists(file);
        boolean halfLine = !created && endsWithoutNewline(file);
        try (FileChannel ch =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
            if (created) Files.setPosixFilePermissions(file, FILE_MODE);
            ByteBuffer buf = ByteBuffer.wrap(line);
            if (halfLine) {
                // A crash mid-append left half a line: start on a fresh one so only that half is
                // lost.
                buf = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
            }
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        if (created) fsync(dir);
    }

    /** The rotated files, oldest first (their names sort by the time of the rotation). */
    public List<Path> rotated() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> rotatedName.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        }
    }

    private void rotateIfDue(int lineBytes, Instant now) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return;
        }
        if (size == 0) return;
        boolean full = size + lineBytes > rotation.maxBytes();
        boolean old =
                !full
                        && firstTime(file)
                                .map(t -> Duration.between(t, now).compareTo(rotation.maxAge()) > 0)
                                .orElse(false);
        if (!full && !old) return;
        List<Path> before = rotated();
        // Named by the time of the rotation, and always after the newest rotated file (a clock set
        // back must not reorder the history).
        String name = file.getFileName() + "." + STAMP.format(now);
        if (!before.isEmpty()) {
            String newest = before.get(before.size() - 1).getFileName().toString();
            if (name.compareTo(newest) <= 0) {
                Instant last =
                        STAMP.parse(
                                newest.substring(file.getFileName().toString().length() + 1),
                                Instant::from);
                name = file.getFileName() + "." + STAMP.format(last.plusMillis(1));
            }
        }
        Path target = file.resolveSibling(name);
        // No REPLACE_EXISTING: a rotation never overwrites history.
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        log.info(
                "journal {} rotated to {} ({})",
                file,
                target.getFileName(),
                full
                        ? size + " bytes, max_size " + rotation.maxBytes()
                        : "its first entry older than max_age "
                                + rotation.maxAge().toString().substring(2).toLowerCase());
        List<Path> all = new ArrayList<>(before);
        all.add(target);
        for (Path gone : all.subList(0, Math.max(0, all.size() - rotation.keep()))) {
            Files.deleteIfExists(gone);
        }
        fsync(file.toAbsolutePath().getParent());
    }

    /** The time of the file's first readable entry; empty when none can be read. */
    private static Optional<Instant> firstTime(Path f) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) continue;
                try {
                    return Optional.of(parse(line).time());
                } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
                    // a damaged first line: the next one tells the age as well
                }
            }
        } catch (IOException e) {
            log.warn("cannot read {} to tell its age: {}", f, e.toString());
        }
        return Optional.empty();
    }

    private static void fsync(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static boolean endsWithoutNewline(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) return false;
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            return last.get(0) != '\n';
        }
    }

    static String toJson(Entry e) throws JsonProcessingException {
        return Json.LINE.writeValueAsString(e);
    }

    static String toJson(PlanResult r, String node) throws JsonProcessingException {
        return toJson(Entry.of(r, node));
    }

    /**
     * Every readable entry of every file, newest first; unreadable lines are logged as warnings and
     * skipped.
     */
    public List<Entry> read() throws IOException {
        return read(log::warn);
    }

    /** As {@link #read()}, with each warning (naming file and line number) given to warn. */
    public List<Entry> read(Consumer<String> warn) throws IOException {
        return read(Integer.MAX_VALUE, warn);
    }

    /**
     * The newest {@code limit} entries, newest first, across the current and the rotated files
     * (only as many files are read as it takes). Safe beside a rotation: the rotated files are
     * listed while the current file stays the same one (else it looks again), and the current file
     * is read through the descriptor opened then, so an entry is never seen twice and none in
     * between is missed.
     */
    public List<Entry> read(int limit, Consumer<String> warn) throws IOException {
        if (limit < 0) throw new IllegalArgumentException("limit must not be negative: " + limit);
        for (int tries = 0; tries < 1000; tries++) {
            Optional<Object> current = key(file);
            List<Path> older = new ArrayList<>(rotated());
            Collections.reverse(older);
            if (current.isEmpty()) {
                // None yet (or a writer died between a rotation's rename and its line): the rotated
                // ones are all there is.
                if (key(file).isPresent()) continue;
                return readOlder(older, new ArrayList<>(), limit, warn);
            }
            try (InputStream in = Files.newInputStream(file)) {
                // The same file before the listing and after the open: no rotation in between, so
                // the
                // listing holds exactly the files older than this one (a rotation prunes before the
                // next file begins).
                if (!current.equals(key(file))) continue;
                List<Entry> out =
                        new ArrayList<>(
                                entries(
                                        file,
                                        new String(in.readAllBytes(), StandardCharsets.UTF_8)
                                                .lines()
                                                .toList(),
                                        warn));
                return readOlder(older, out, limit, warn);
            } catch (NoSuchFileException e) {
                // rotated between the look and the open: look again
            }
        }
        throw new IOException(file + " kept being rotated while it was read; try again");
    }

    /** Adds the entries of the rotated files, newest first, up to limit. */
    private static List<Entry> readOlder(
            List<Path> newestFirst, List<Entry> out, int limit, Consumer<String> warn)
            throws IOException {
        for (Path p : newestFirst) {
            if (out.size() >= limit) break;
            try {
                out.addAll(entries(p, Files.readAllLines(p, StandardCharsets.UTF_8), warn));
            } catch (NoSuchFileException e) {
                break; // pruned meanwhile: the oldest go first, so every older one is gone too
            }
        }
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static Optional<Object> key(Path p) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            // A file system without inode numbers: the creation time tells a new file from a
            // renamed one as well.
            return Optional.of(a.fileKey() != null ? a.fileKey() : a.creationTime());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The file's readable entries, newest first; each unreadable line is named to warn. */
    private static List<Entry> entries(Path f, List<String> lines, Consumer<String> warn) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            try {
                out.add(parse(line));
            } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
                warn.accept(
                        f
                                + ":"
                                + (i + 1)
                                + ": skipped an unreadable journal line ("
                                + firstLine(e.getMessage())
                                + ")");
            }
        }
        Collections.reverse(out);
        return out;
    }

    private static Entry parse(String line) throws IOException {
        Entry e;
        try {
            e = Json.MAPPER.readValue(line, Entry.class);
        } catch (JsonProcessingException x) {
            throw new IllegalArgumentException(Json.problemIn(x), x);
        }
        if (e == null) throw new IllegalArgumentException("not a JSON object");
        if (e.time() == null) throw new IllegalArgumentException("no \"time\"");
        if (e.kind() == null) throw new IllegalArgumentException("no \"kind\"");
        return e;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
