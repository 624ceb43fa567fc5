package org.failoverwatchdog.watchdog.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.AtomicFile;
import org.failoverwatchdog.convergence.Json;
import org.failoverwatchdog.convergence.TransitionHook;

/**
 * monitor.json in the state directory ({@link MonitorState}), written atomically and only when it
 * changed. The file is a {@link MonitorFile} record bound by the shared mapper; fields it does not
 * know are ignored.
 */
public final class MonitorStore {
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
        MonitorFile f;
        try {
            f = Json.MAPPER.readValue(text, MonitorFile.class);
        } catch (JsonProcessingException e) {
            throw new UnreadableException(file, Json.problemIn(e));
        }
        if (f == null || f.version() == null || f.version() != 1)
            throw new UnreadableException(file, "not a version 1 JSON object");
        try {
            return fromFile(f);
        } catch (IllegalArgumentException e) {
            throw new UnreadableException(file, e.getMessage());
        }
    }

    private static MonitorState fromFile(MonitorFile f) {
        List<String> notes = new ArrayList<>();
        if (f.notes() != null) for (String n : f.notes()) notes.add(n == null ? "" : n);
        Map<MonitorState.TransitionKey, Long> transitions = new LinkedHashMap<>();
        if (f.transitions() != null) {
            for (MonitorFile.Transition t : f.transitions()) {
                if (t == null) continue;
                transitions.put(
                        new MonitorState.TransitionKey(
                                orEmpty(t.kind()), orEmpty(t.rule()), result(t.result())),
                        t.count());
            }
        }
        Optional<MonitorState.LastTransition> last = Optional.empty();
        MonitorFile.Last l = f.lastTransition();
        if (l != null) {
            if (l.time() == null)
                throw new IllegalArgumentException("lastTransition.time is missing");
            last =
                    Optional.of(
                            new MonitorState.LastTransition(
                                    l.time(),
                                    orEmpty(l.kind()),
                                    orEmpty(l.rule()),
                                    result(l.result()),
                                    Duration.ofMillis(l.durationMs())));
        }
        Map<TransitionHook.Result, Long> hooks = new EnumMap<>(TransitionHook.Result.class);
        if (f.hooks() != null) {
            for (TransitionHook.Result r : TransitionHook.Result.values()) {
                Long n = f.hooks().get(r.name().toLowerCase(Locale.ROOT));
                if (n != null && n > 0) hooks.put(r, n);
            }
        }
        return new MonitorState(
                notes, transitions, last, hooks, Optional.ofNullable(f.metricsProblem()));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static MonitorState.Result result(String s) {
        return MonitorState.Result.valueOf(orEmpty(s).toUpperCase(Locale.ROOT));
    }

    private static String wire(MonitorState.Result r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    /** The file a monitor state is written as: the transitions sorted, the hooks in their order. */
    static MonitorFile toFile(MonitorState s) {
        List<MonitorFile.Transition> transitions =
                s.transitions().entrySet().stream()
                        .sorted(
                                Map.Entry.comparingByKey(
                                        (a, b) ->
                                                (a.kind() + a.rule() + a.result())
                                                        .compareTo(
                                                                b.kind() + b.rule() + b.result())))
                        .map(
                                e ->
                                        new MonitorFile.Transition(
                                                e.getKey().kind(),
                                                e.getKey().rule(),
                                                wire(e.getKey().result()),
                                                e.getValue()))
                        .toList();
        Map<String, Long> hooks = new LinkedHashMap<>();
        for (TransitionHook.Result r : TransitionHook.Result.values())
            if (s.hooks().containsKey(r))
                hooks.put(r.name().toLowerCase(Locale.ROOT), s.hooks().get(r));
        return new MonitorFile(
                1,
                s.notes(),
                transitions,
                s.last()
                        .map(
                                l ->
                                        new MonitorFile.Last(
                                                l.time(),
                                                l.kind(),
                                                l.rule(),
                                                wire(l.result()),
                                                l.duration().toMillis()))
                        .orElse(null),
                hooks,
                s.metricsProblem().orElse(null));
    }

    public void save(MonitorState s) throws IOException {
        AtomicFile.write(file, Json.PRETTY.writeValueAsString(toFile(s)) + "\n");
    }
}
