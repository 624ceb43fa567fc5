package org.failoverwatchdog.watchdog.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.failoverwatchdog.convergence.AtomicFile;
import org.failoverwatchdog.convergence.Json;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;

/**
 * state.json in the state directory. Read strictly (a corrupt file is reported, never silently
 * replaced: it may hold a Rule 3 timer or an interrupted promote) and written atomically. The tick
 * sets a corrupt one aside ({@link SetAsideStateFiles}) and carries on from a fresh state. The file
 * is a {@link StateFile} record bound by the shared mapper; fields it does not know are ignored (a
 * file written by another version still reads).
 */
public final class StateStore {
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
        StateFile f;
        try {
            f = Json.MAPPER.readValue(text, StateFile.class);
        } catch (JsonProcessingException e) {
            String problem = Json.problemIn(e);
            throw new CorruptStateException(
                    file,
                    e instanceof JsonMappingException m
                                    && Json.field(m).equals("version")
                                    && !problem.startsWith("not JSON")
                            ? "field version is not 1"
                            : problem);
        }
        if (f == null) throw new CorruptStateException(file, "not a JSON object");
        return fromFile(f);
    }

    /** The state a file holds, with what its types cannot say checked. */
    private WatchdogState fromFile(StateFile f) throws CorruptStateException {
        if (f.version() == null || f.version() != 1)
            throw new CorruptStateException(file, "field version is not 1");
        Optional<WatchdogState.Pending> pending = Optional.empty();
        if (f.pending() != null) {
            StateFile.Pending p = f.pending();
            pending =
                    Optional.of(
                            new WatchdogState.Pending(
                                    kind(text(p.kind(), "pending.kind")),
                                    rule(text(p.rule(), "pending.rule")),
                                    text(p.reason(), "pending.reason"),
                                    required(p.startedAt(), "pending.startedAt")));
        }
        Map<String, WatchdogState.Repairs> repairs = new LinkedHashMap<>();
        if (f.repairs() != null) {
            for (Map.Entry<String, StateFile.Repairs> e : f.repairs().entrySet()) {
                String field = "repairs." + e.getKey();
                StateFile.Repairs r = e.getValue();
                if (r == null || r.times() == null || r.times().isEmpty())
                    throw new CorruptStateException(file, field + ".times is not a list of times");
                if (r.times().contains(null))
                    throw new CorruptStateException(file, field + ".times holds a null");
                repairs.put(
                        e.getKey(),
                        new WatchdogState.Repairs(r.times(), Boolean.TRUE.equals(r.lastFailed())));
            }
        }
        // Written by versions before the crash-loop window: one time per service.
        for (Map.Entry<String, Instant> e : entries(f.lastRepair(), "lastRepair"))
            repairs.putIfAbsent(
                    e.getKey(), new WatchdogState.Repairs(List.of(e.getValue()), false));
        Optional<WatchdogState.Pause> paused =
                Optional.ofNullable(f.paused())
                        .map(
                                p ->
                                        new WatchdogState.Pause(
                                                p.since() == null ? Instant.EPOCH : p.since(),
                                                p.reason() == null ? "" : p.reason(),
                                                p.by() == null ? "" : p.by()));
        Optional<WatchdogState.Isolation> isolation = Optional.empty();
        if (f.isolation() != null)
            isolation =
                    Optional.of(
                            new WatchdogState.Isolation(
                                    required(f.isolation().since(), "isolation.since"),
                                    required(f.isolation().lastSeen(), "isolation.lastSeen")));
        Optional<WatchdogState.Fence> fenced = Optional.empty();
        if (f.fenced() != null)
            fenced =
                    Optional.of(
                            new WatchdogState.Fence(
                                    required(f.fenced().since(), "fenced.since"),
                                    text(f.fenced().reason(), "fenced.reason")));
        Map<String, Instant> registered = new LinkedHashMap<>();
        for (Map.Entry<String, Instant> e : entries(f.registered(), "registered"))
            registered.put(e.getKey(), e.getValue());
        Optional<WatchdogState.Operator> operator = Optional.empty();
        if (f.operator() != null) operator = Optional.of(operator(f.operator()));
        return new WatchdogState(
                Optional.ofNullable(f.routerAbsentSince()),
                Optional.ofNullable(f.routerAbsentLastSeen()),
                Optional.ofNullable(f.lastRoleChange()),
                Boolean.TRUE.equals(f.rule3Promoted()),
                pending,
                repairs,
                paused,
                isolation,
                fenced,
                Boolean.TRUE.equals(f.startedFresh()),
                registered,
                operator);
    }

    private WatchdogState.Operator operator(StateFile.Operator o) throws CorruptStateException {
        String kind = text(o.kind(), "operator.kind");
        return switch (kind) {
            case "switchover" ->
                    new WatchdogState.Operator.Switchover(
                            required(o.since(), "operator.since"),
                            required(o.until(), "operator.until"),
                            text(o.from(), "operator.from"));
            case "peer-gone" ->
                    new WatchdogState.Operator.PeerGone(
                            required(o.since(), "operator.since"),
                            text(o.by(), "operator.by"),
                            text(o.evidence(), "operator.evidence"));
            default ->
                    throw new CorruptStateException(
                            file,
                            "operator.kind '" + kind + "' is none of [switchover, peer-gone]");
        };
    }

    /** A map of times (absent from files written before it existed), none of them null. */
    private Iterable<Map.Entry<String, Instant>> entries(Map<String, Instant> m, String field)
            throws CorruptStateException {
        if (m == null) return List.of();
        for (Map.Entry<String, Instant> e : m.entrySet())
            if (e.getValue() == null)
                throw new CorruptStateException(
                        file, field + "." + e.getKey() + " is null, not a time");
        return m.entrySet();
    }

    private Instant required(Instant t, String field) throws CorruptStateException {
        if (t == null) throw new CorruptStateException(file, field + " is missing");
        return t;
    }

    private String text(String s, String field) throws CorruptStateException {
        if (s == null) throw new CorruptStateException(file, field + " is missing or not a string");
        return s;
    }

    private PlanKind kind(String name) throws CorruptStateException {
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

    private RuleName rule(String wire) throws CorruptStateException {
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

    /** The file a state is written as: the fields it always had, sorted maps. */
    static StateFile toFile(WatchdogState s) {
        Map<String, StateFile.Repairs> repairs = new TreeMap<>();
        s.repairs()
                .forEach(
                        (k, v) -> repairs.put(k, new StateFile.Repairs(v.times(), v.lastFailed())));
        return new StateFile(
                1,
                s.routerAbsentSince().orElse(null),
                s.routerAbsentLastSeen().orElse(null),
                s.lastRoleChange().orElse(null),
                s.rule3Promoted(),
                s.pending()
                        .map(
                                p ->
                                        new StateFile.Pending(
                                                p.kind().name(),
                                                p.rule().wire(),
                                                p.reason(),
                                                p.startedAt()))
                        .orElse(null),
                repairs,
                null,
                s.paused()
                        .map(
                                p ->
                                        new StateFile.Pause(
                                                p.since(),
                                                p.reason(),
                                                p.by().isEmpty() ? null : p.by()))
                        .orElse(null),
                s.isolation()
                        .map(i -> new StateFile.Isolation(i.since(), i.lastSeen()))
                        .orElse(null),
                s.fenced().map(f -> new StateFile.Fence(f.since(), f.reason())).orElse(null),
                s.startedFresh() ? Boolean.TRUE : null,
                s.registered().isEmpty() ? null : new TreeMap<>(s.registered()),
                s.operator().map(StateStore::operatorFile).orElse(null));
    }

    private static StateFile.Operator operatorFile(WatchdogState.Operator o) {
        if (o instanceof WatchdogState.Operator.Switchover x)
            return new StateFile.Operator("switchover", x.since(), x.until(), x.from(), null, null);
        WatchdogState.Operator.PeerGone x = (WatchdogState.Operator.PeerGone) o;
        return new StateFile.Operator("peer-gone", x.since(), null, null, x.by(), x.evidence());
    }

    public void save(WatchdogState s) throws IOException {
        AtomicFile.write(file, Json.PRETTY.writeValueAsString(toFile(s)) + "\n");
    }
}
