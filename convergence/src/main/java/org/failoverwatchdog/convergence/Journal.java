package org.failoverwatchdog.convergence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable history of transitions: one JSON line per finished plan, appended and fsynced, so
 * `watchdog history` can show what happened, why, and how long each step took. A line that cannot be
 * read (a crash mid-append, a hand edit) is skipped with a warning; the rest stays readable.
 */
public final class Journal {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-x---");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");

    /** One journal line. */
    public record Entry(Instant time, String node, String kind, String rule, String reason, boolean succeeded,
                        long totalMs, List<StepEntry> steps) {
        public Entry {
            steps = List.copyOf(steps);
        }
    }

    public record StepEntry(String step, String outcome, long ms, String detail) {}

    private final Path file;

    public Journal(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** Appends one line for the plan and fsyncs it; creates the directory (0750) and file (0640) if needed. */
    public void append(PlanResult result, String node) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE); // the umask may have narrowed it differently
        }
        byte[] line = (toJson(result, node) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean created = !Files.exists(file);
        boolean halfLine = !created && endsWithoutNewline(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            if (created) Files.setPosixFilePermissions(file, FILE_MODE);
            ByteBuffer buf = ByteBuffer.wrap(line);
            if (halfLine) {
                // A crash mid-append left half a line: start on a fresh one so only that half is lost.
                buf = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
            }
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        if (created) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
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

    static String toJson(PlanResult r, String node) throws JsonProcessingException {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", r.started().toString()); // Instant.toString is ISO-8601 in UTC
        o.put("node", node);
        o.put("kind", r.plan().kind());
        o.put("rule", r.plan().rule());
        o.put("reason", r.plan().reason());
        o.put("succeeded", r.succeeded());
        o.put("totalMs", r.duration().toMillis());
        ArrayNode steps = o.putArray("steps");
        for (StepResult s : r.steps()) {
            steps.addObject()
                    .put("step", s.step())
                    .put("outcome", s.outcome().name())
                    .put("ms", s.duration().toMillis())
                    .put("detail", s.detail());
        }
        return JSON.writeValueAsString(o);
    }

    /** Every readable entry, newest first; unreadable lines are logged as warnings and skipped. */
    public List<Entry> read() throws IOException {
        return read(log::warn);
    }

    /** As {@link #read()}, with each warning (naming file and line number) given to warn. */
    public List<Entry> read(Consumer<String> warn) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            try {
                out.add(parse(line));
            } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
                warn.accept(file + ":" + (i + 1) + ": skipped an unreadable journal line (" + firstLine(e.getMessage()) + ")");
            }
        }
        Collections.reverse(out);
        return out;
    }

    private static Entry parse(String line) throws IOException {
        JsonNode o = JSON.readTree(line);
        if (o == null || !o.isObject()) throw new IllegalArgumentException("not a JSON object");
        List<StepEntry> steps = new ArrayList<>();
        for (JsonNode s : o.path("steps")) {
            steps.add(new StepEntry(s.path("step").asText(""), s.path("outcome").asText(""), s.path("ms").asLong(0),
                    s.path("detail").asText("")));
        }
        return new Entry(Instant.parse(required(o, "time")), o.path("node").asText(""), required(o, "kind"),
                o.path("rule").asText(""), o.path("reason").asText(""), o.path("succeeded").asBoolean(false),
                o.path("totalMs").asLong(0), steps);
    }

    private static String required(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("no \"" + field + "\"");
        return v.asText();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
