package org.failoverwatchdog.watchdog.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.AtomicFile;
import org.failoverwatchdog.convergence.TransitionHook;

/**
 * monitor.json in the state directory ({@link MonitorState}), written atomically and only when it
 * changed.
 */
public final class MonitorStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public MonitorStore(Path stateDir) {
        this.file = stateDir.resolve("monitor.json");
    }

    public Path file() {
        return file;
    }

    /**
     * A monitor.json that cannot be read: the caller logs it and starts from {@link
     * MonitorState#empty()}.
     */
    public static final class UnreadableException extends Exception {
        UnreadableException(Path file, String problem) {
            super(file + ": " + problem);
        }
    }

    public MonitorState load() throws IOException, UnreadableException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return MonitorState.empty();
        }
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || !root.isObject() || root.path("version").asInt(-1) != 1)
                throw new UnreadableException(file, "not a version 1 JSON object");
            List<String> notes = new ArrayList<>();
            for (JsonNode n : root.path("notes")) notes.add(n.asText());
            Map<MonitorState.TransitionKey, Long> transitions = new LinkedHashMap<>();
            for (JsonNode t : root.path("transitions")) {
                transitions.put(
                        new MonitorState.TransitionKey(
                                t.path("kind").asText(),
                                t.path("rule").asText(),
                                result(t.path("result").asText())),
                        t.path("count").asLong());
            }
            Optional<MonitorState.LastTransition> last = Optional.empty();
            JsonNode l = root.path("lastTransition");
            if (l.isObject()) {
                last =
                        Optional.of(
                                new MonitorState.LastTransition(
                                        Instant.parse(l.path("time").asText()),
                                        l.path("kind").asText(),
                                        l.path("rule").asText(),
                                        result(l.path("result").asText()),
                                        Duration.ofMillis(l.path("durationMs").asLong())));
            }
            Map<TransitionHook.Result, Long> hooks = new EnumMap<>(TransitionHook.Result.class);
            for (TransitionHook.Result r : TransitionHook.Result.values()) {
                long n = root.path("hooks").path(r.name().toLowerCase(Locale.ROOT)).asLong(0);
                if (n > 0) hooks.put(r, n);
            }
            Optional<String> problem =
                    root.hasNonNull("metricsProblem")
                            ? Optional.of(root.get("metricsProblem").asText())
                            : Optional.empty();
            return new MonitorState(notes, transitions, last, hooks, problem);
        } catch (JsonProcessingException e) {
            throw new UnreadableException(
                    file, "not JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new UnreadableException(file, e.getMessage());
        }
    }

    private static MonitorState.Result result(String s) {
        return MonitorState.Result.valueOf(s.toUpperCase(Locale.ROOT));
    }

    public void save(MonitorState s) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        var notes = root.putArray("notes");
        s.notes().forEach(notes::add);
        var transitions = root.putArray("transitions");
        s.transitions().entrySet().stream()
                .sorted(
                        Map.Entry.comparingByKey(
                                (a, b) ->
                                        (a.kind() + a.rule() + a.result())
                                                .compareTo(b.kind() + b.rule() + b.result())))
                .forEach(
                        e ->
                                transitions
                                        .addObject()
                                        .put("kind", e.getKey().kind())
                                        .put("rule", e.getKey().rule())
                                        .put(
                                                "result",
                                                e.getKey().result().name().toLowerCase(Locale.ROOT))
                                        .put("count", e.getValue()));
        s.last()
                .ifPresent(
                        l ->
                                root.putObject("lastTransition")
                                        .put("time", l.time().toString())
                                        .put("kind", l.kind())
                                        .put("rule", l.rule())
                                        .put("result", l.result().name().toLowerCase(Locale.ROOT))
                                        .put("durationMs", l.duration().toMillis()));
        ObjectNode hooks = root.putObject("hooks");
        s.hooks().forEach((r, n) -> hooks.put(r.name().toLowerCase(Locale.ROOT), n));
        s.metricsProblem().ifPresent(p -> root.put("metricsProblem", p));
        AtomicFile.write(
                file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
