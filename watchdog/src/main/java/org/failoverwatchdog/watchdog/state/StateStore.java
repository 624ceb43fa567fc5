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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.AtomicFile;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;

/**
 * state.json in the state directory. Read strictly (a corrupt file is reported, never silently
 * replaced: it may hold a Rule 3 timer or an interrupted promote) and written atomically. The tick
 * sets a corrupt one aside ({@link SetAsideStateFiles}) and carries on from a fresh state.
 */
public final class StateStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public StateStore(Path stateDir) {
        this(stateDir, "state.json");
    }

    private StateStore(Path dir, String name) {
        this.file = dir.resolve(name);
    }

    /** What is wrong with a state file (one set aside, say), or empty when it reads. */
    public static Optional<String> problemIn(Path file) throws IOException {
        try {
            new StateStore(file.toAbsolutePath().getParent(), file.getFileName().toString()).load();
            return Optional.empty();
        } catch (CorruptStateException e) {
            return Optional.of(e.problem());
        }
    }

    public Path file() {
        return file;
    }

    public static final class CorruptStateException extends Exception {
        private final String problem;

        CorruptStateException(Path file, String problem) {
            super(
                    file
                            + ": "
                            + problem
                            + " (fix: look at the file; if it cannot be mended, move it aside: the watchdog then starts from a fresh state and re-observes everything)");
            this.problem = problem;
        }

        /** What is wrong, without the file's name and the fix. */
        public String problem() {
            return problem;
        }
    }

    /**
     * As {@link #load()}, but a missing file is a fresh start ({@link WatchdogState#fresh()}),
     * which the rules settle carefully.
     */
    public WatchdogState loadOrFresh() throws IOException, CorruptStateException {
        if (!Files.exists(file)) return WatchdogState.fresh();
        return load();
    }

    public WatchdogState load() throws IOException, CorruptStateException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return WatchdogState.initial();
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CorruptStateException(
                    file, "not JSON (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject())
            throw new CorruptStateException(file, "not a JSON object");
        if (root.path("version").asInt(-1) != 1)
            throw new CorruptStateException(file, "field version is not 1");
        Optional<WatchdogState.Pending> pending = Optional.empty();
        if (root.hasNonNull("pending")) {
            JsonNode p = root.get("pending");
            pending =
                    Optional.of(
                            new WatchdogState.Pending(
                                    kind(p),
                                    rule(p),
                                    text(p, "pending.reason"),
                                    instant(p.get("startedAt"), "pending.startedAt")
                                            .orElseThrow(
                                                    () ->
                                                            new CorruptStateException(
                                                                    file,
                                                                    "pending.startedAt is missing"))));
        }
        Map<String, WatchdogState.Repairs> repairs = new LinkedHashMap<>();
        JsonNode rs = root.path("repairs");
        if (!rs.isMissingNode() && !rs.isObject())
            throw new CorruptStateException(file, "repairs is not an object");
        for (Iterator<Map.Entry<String, JsonNode>> it = rs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "repairs." + e.getKey();
            JsonNode times = e.getValue().path("times");
            if (!times.isArray() || times.isEmpty())
                throw new CorruptStateException(file, field + ".times is not a list of times");
            List<Instant> list = new ArrayList<>();
            for (JsonNode t : times)
                list.add(
                        instant(t, field + ".times")
                                .orElseThrow(
                                        () ->
                                                new CorruptStateException(
                                                        file, field + ".times holds a null")));
            repairs.put(
                    e.getKey(),
                    new WatchdogState.Repairs(
                            list, e.getValue().path("lastFailed").asBoolean(false)));
        }
        // Written by versions before the crash-loop window: one time per service.
        JsonNode r = root.path("lastRepair");
        if (!r.isMissingNode() && !r.isObject())
            throw new CorruptStateException(file, "lastRepair is not an object");
        for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "lastRepair." + e.getKey();
            Instant t =
                    instant(e.getValue(), field)
                            .orElseThrow(
                                    () ->
                                            new CorruptStateException(
                                                    file, field + " is null, not a time"));
            repairs.putIfAbsent(e.getKey(), new WatchdogState.Repairs(List.of(t), false));
        }
        Optional<WatchdogState.Pause> paused = Optional.empty();
        if (root.hasNonNull("paused")) {
            JsonNode p = root.get("paused");
            if (!p.isObject())
                throw new CorruptStateException(file, "paused is not an object {since, reason}");
            paused =
                    Optional.of(
                            new WatchdogState.Pause(
                                    instant(p.get("since"), "paused.since").orElse(Instant.EPOCH),
                                    p.path("reason").asText(""),
                                    p.path("by").asText("")));
        }
        Optional<WatchdogState.Isolation> isolation = Optional.empty();
        if (root.hasNonNull("isolation")) {
            JsonNode i = root.get("isolation");
            isolation =
                    Optional.of(
                            new WatchdogState.Isolation(
                                    required(i, "isolation.since"),
                                    required(i, "isolation.lastSeen")));
        }
        Optional<WatchdogState.Fence> fenced = Optional.empty();
        if (root.hasNonNull("fenced")) {
            JsonNode f = root.get("fenced");
            fenced =
                    Optional.of(
                            new WatchdogState.Fence(
                                    required(f, "fenced.since"), text(f, "fenced.reason")));
        }
        Map<String, Instant> registered = new LinkedHashMap<>();
        JsonNode reg = root.path("registered"); // absent from files written before it existed
        if (!reg.isMissingNode() && !reg.isObject())
            throw new CorruptStateException(file, "registered is not an object");
        for (Iterator<Map.Entry<String, JsonNode>> it = reg.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "registered." + e.getKey();
            registered.put(
                    e.getKey(),
                    instant(e.getValue(), field)
                            .orElseThrow(
                                    () ->
                                            new CorruptStateException(
                                                    file, field + " is null, not a time")));
        }
        JsonNode r3 = root.path("rule3Promoted");
        if (!r3.isMissingNode() && !r3.isBoolean())
            throw new CorruptStateException(file, "rule3Promoted is not true/false");
        JsonNode fresh = root.path("startedFresh"); // absent from files written before it existed
        if (!fresh.isMissingNode() && !fresh.isBoolean())
            throw new CorruptStateException(file, "startedFresh is not true/false");
        return new WatchdogState(
                instant(root.get("routerAbsentSince"), "routerAbsentSince"),
                instant(root.get("routerAbsentLastSeen"), "routerAbsentLastSeen"),
                instant(root.get("lastRoleChange"), "lastRoleChange"),
                r3.asBoolean(false),
                pending,
                repairs,
                paused,
                isolation,
                fenced,
                fresh.asBoolean(false),
                registered);
    }

    private Instant required(JsonNode n, String field) throws CorruptStateException {
        return instant(n.get(field.substring(field.indexOf('.') + 1)), field)
                .orElseThrow(() -> new CorruptStateException(file, field + " is missing"));
    }

    private PlanKind kind(JsonNode pending) throws CorruptStateException {
        String name = text(pending, "pending.kind");
        return PlanKind.of(name)
                .orElseThrow(
                        () ->
                                new CorruptStateException(
                                        file,
                                        "pending.kind '"
                                                + name
                                                + "' is none of "
                                                + Arrays.toString(PlanKind.values())));
    }

    private RuleName rule(JsonNode pending) throws CorruptStateException {
        String wire = text(pending, "pending.rule");
        return RuleName.of(wire)
                .orElseThrow(
                        () ->
                                new CorruptStateException(
                                        file,
                                        "pending.rule '"
                                                + wire
                                                + "' is none of "
                                                + Arrays.toString(RuleName.values())));
    }

    private String text(JsonNode n, String field) throws CorruptStateException {
        JsonNode v = n.get(field.substring(field.indexOf('.') + 1));
        if (v == null || !v.isTextual())
            throw new CorruptStateException(file, field + " is missing or not a string");
        return v.asText();
    }

    private Optional<Instant> instant(JsonNode n, String field) throws CorruptStateException {
        if (n == null || n.isNull()) return Optional.empty();
        try {
            return Optional.of(Instant.parse(n.asText()));
        } catch (DateTimeParseException e) {
            throw new CorruptStateException(
                    file, field + " is not an ISO-8601 time: '" + n.asText() + "'");
        }
    }

    public void save(WatchdogState s) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        s.routerAbsentSince().ifPresent(t -> root.put("routerAbsentSince", t.toString()));
        s.routerAbsentLastSeen().ifPresent(t -> root.put("routerAbsentLastSeen", t.toString()));
        s.lastRoleChange().ifPresent(t -> root.put("lastRoleChange", t.toString()));
        root.put("rule3Promoted", s.rule3Promoted());
        s.pending()
                .ifPresent(
                        p ->
                                root.putObject("pending")
                                        .put("kind", p.kind().name())
                                        .put("rule", p.rule().wire())
                                        .put("reason", p.reason())
                                        .put("startedAt", p.startedAt().toString()));
        ObjectNode repairs = root.putObject("repairs");
        s.repairs()
                .forEach(
                        (k, v) -> {
                            ObjectNode one = repairs.putObject(k);
                            var times = one.putArray("times");
                            v.times().forEach(t -> times.add(t.toString()));
                            one.put("lastFailed", v.lastFailed());
                        });
        s.paused()
                .ifPresent(
                        p ->
                                root.putObject("paused")
                                        .put("since", p.since().toString())
                                        .put("reason", p.reason())
                                        .put("by", p.by()));
        s.isolation()
                .ifPresent(
                        i ->
                                root.putObject("isolation")
                                        .put("since", i.since().toString())
                                        .put("lastSeen", i.lastSeen().toString()));
        s.fenced()
                .ifPresent(
                        f ->
                                root.putObject("fenced")
                                        .put("since", f.since().toString())
                                        .put("reason", f.reason()));
        if (s.startedFresh()) root.put("startedFresh", true);
        if (!s.registered().isEmpty()) {
            ObjectNode reg = root.putObject("registered");
            new java.util.TreeMap<>(s.registered()).forEach((k, v) -> reg.put(k, v.toString()));
        }
        AtomicFile.write(
                file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
