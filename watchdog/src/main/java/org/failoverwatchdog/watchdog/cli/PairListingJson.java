package org.failoverwatchdog.watchdog.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;

/**
 * `failover-watchdog list --json`: the same items as the table, as records Jackson writes. Every
 * item is an object; one that could not be read is {"unknown": "<reason>"} and nothing else, so a
 * reader tests for that one key.
 *
 * @param pairPause the pair's pause as each node's database shows it; null when not read
 */
record PairListingJson(
        Instant at,
        List<NodeJson> nodes,
        Item<RegistryJson> registry,
        WitnessJson witness,
        WatchdogJson watchdog,
        PairPauseJson pairPause) {

    /** An item: the known value itself, or {"unknown": reason}. */
    sealed interface Item<T> permits Known, Unknown {}

    record Known<T>(@JsonValue T value) implements Item<T> {}

    record Unknown<T>(String unknown) implements Item<T> {}

    record RegistryJson(String url, boolean active, String activeNotAnswering) {}

    record WitnessJson(String name, String ip, Item<ReachJson> reach, Item<AnswerJson> seesPeer) {}

    record ReachJson(String kind, String detail) {}

    record AnswerJson(boolean value, String detail) {}

    record WatchdogJson(
            Item<LastTickJson> lastTick, GuardJson guard, Item<Transition> lastTransition) {}

    record LastTickJson(Instant at, long ageS, String verdict) {}

    record GuardJson(boolean enabled, Long beatAgeS) {}

    record NodeJson(
            String name,
            String ip,
            String side,
            Item<DatabaseJson> database,
            Item<Lag> lag,
            Item<AppJson> app,
            RouterJson router,
            Item<RegisteredJson> registry,
            Item<AnswerJson> paused,
            Item<AnswerJson> fenced) {}

    record DatabaseJson(String role, long timeline, String lsn, boolean readOnly) {}

    /** The pair's pause in this node's database and in the peer's. */
    record PairPauseJson(Item<PauseJson> self, Item<PauseJson> peer) {}

    /**
     * The pair's pause as one database shows it (also `pause --json`'s `replaced` and `resume
     * --json`'s `was`, and `status --json`'s `pairPause` when it could be read).
     *
     * @param table false when the database has no failover_watchdog.pause (not paused)
     * @param by with on, since and reason: left out when not paused
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PauseJson(
            boolean paused, boolean table, String by, String on, Instant since, String reason)
            implements StatusJson.PairPause {
        static PauseJson of(PairPause p) {
            PairPause.Paused x = p instanceof PairPause.Paused y ? y : null;
            return new PauseJson(
                    p.paused(),
                    !(p instanceof PairPause.NoTable),
                    x == null ? null : x.by(),
                    x == null ? null : x.on(),
                    x == null ? null : x.since(),
                    x == null ? null : x.reason());
        }
    }

    record AppJson(String role, String evidence) {}

    /**
     * @param container this node's router container; left out for the peer (not read from here)
     */
    record RouterJson(
            @JsonInclude(JsonInclude.Include.NON_NULL) Item<AnswerJson> container,
            Item<AnswerJson> answers) {}

    /**
     * @param types each type of router.service_types: role/status in the registry, or null
     */
    record RegisteredJson(long active, int expected, Map<String, String> types) {}

    /** The replication lag, by where it was read: its source says which of these it is. */
    sealed interface Lag permits NoLag, FromPrimary, NotStreaming, FromStandby {}

    record NoLag(String source, String role) implements Lag {}

    record FromPrimary(String source, String primary, String state, Long bytes, Double seconds)
            implements Lag {}

    record NotStreaming(String source, String primary, String state) implements Lag {}

    record FromStandby(
            String source, Long receivedNotReplayedBytes, Double sinceLastReplaySeconds, String why)
            implements Lag {}

    /**
     * The last transition as both `list --json` and `status --json` show it: the journal entry
     * without its node and steps.
     */
    record Transition(
            Instant time,
            String kind,
            String rule,
            String reason,
            boolean succeeded,
            long totalMs) {
        static Transition of(Journal.Entry e) {
            return new Transition(
                    e.time(), e.kind(), e.rule(), e.reason(), e.succeeded(), e.totalMs());
        }
    }

    /** The listing as `list --json` writes it. */
    static PairListingJson tree(PairListing l) {
        PairListing.ThisWatchdog w = l.watchdog();
        return new PairListingJson(
                l.at(),
                l.nodes().stream().map(PairListingJson::node).toList(),
                item(
                        l.registry(),
                        r ->
                                new RegistryJson(
                                        r.registry().url(),
                                        r.activeNotAnswering().isEmpty(),
                                        r.activeNotAnswering().orElse(null))),
                l.witness()
                        .map(
                                x ->
                                        new WitnessJson(
                                                x.name(),
                                                x.ip(),
                                                item(
                                                        x.reach(),
                                                        r ->
                                                                new ReachJson(
                                                                        r.kind().name(),
                                                                        r.detail())),
                                                item(x.seesPeer(), PairListingJson::answer)))
                        .orElse(null),
                new WatchdogJson(
                        item(
                                w.lastTick(),
                                t ->
                                        new LastTickJson(
                                                t.at(),
                                                Duration.between(t.at(), l.at()).toSeconds(),
                                                t.verdict().map(Enum::name).orElse(null))),
                        new GuardJson(
                                w.guardEnabled(),
                                w.guardBeat()
                                        .map(b -> Duration.between(b, l.at()).toSeconds())
                                        .orElse(null)),
                        item(w.lastTransition(), e -> e.map(Transition::of).orElse(null))),
                l.pairPause().isEmpty()
                        ? null
                        : new PairPauseJson(
                                pauseItem(l, PairListing.Side.SELF),
                                pauseItem(l, PairListing.Side.PEER)));
    }

    /** One side's view of the pair's pause; null when that side was not read. */
    private static Item<PauseJson> pauseItem(PairListing l, PairListing.Side side) {
        Observed<PairPause> v = l.pairPause().get(side);
        return v == null ? null : item(v, PauseJson::of);
    }

    private static NodeJson node(PairListing.NodeRow n) {
        return new NodeJson(
                n.name(),
                n.ip(),
                n.side().name().toLowerCase(),
                item(
                        n.db(),
                        d ->
                                new DatabaseJson(
                                        d.role().name(), d.timeline(), d.lsn(), d.readOnly())),
                item(n.lag(), PairListingJson::lag),
                item(n.app(), a -> new AppJson(a.role().name(), a.evidence())),
                new RouterJson(
                        n.router()
                                .container()
                                .map(c -> item(c, PairListingJson::answer))
                                .orElse(null),
                        item(n.router().answers(), PairListingJson::answer)),
                item(
                        n.registry(),
                        r -> {
                            Map<String, String> types = new LinkedHashMap<>();
                            r.byType()
                                    .forEach(
                                            (t, e) ->
                                                    types.put(
                                                            t,
                                                            e.map(x -> x.role() + "/" + x.status())
                                                                    .orElse(null)));
                            return new RegisteredJson(r.active(), r.byType().size(), types);
                        }),
                item(n.paused(), PairListingJson::answer),
                item(n.fenced(), PairListingJson::answer));
    }

    private static Lag lag(PairListing.Lag lag) {
        if (lag instanceof PairListing.Lag.NotApplicable na)
            return new NoLag("none", na.role().name());
        if (lag instanceof PairListing.Lag.FromPrimary p)
            return new FromPrimary(
                    "primary", p.primary(), p.state(), num(p.bytes()), num(p.seconds()));
        if (lag instanceof PairListing.Lag.NotStreaming ns)
            return new NotStreaming("primary", ns.primary(), "not streaming");
        if (lag instanceof PairListing.Lag.FromStandby s)
            return new FromStandby(
                    "standby",
                    num(s.receivedNotReplayedBytes()),
                    num(s.sinceLastReplaySeconds()),
                    s.why());
        throw new IllegalArgumentException("a lag of no known kind: " + lag);
    }

    private static AnswerJson answer(Answer a) {
        return new AnswerJson(a.ok(), a.detail());
    }

    /** A known item as f makes it; an unknown one as {"unknown": reason}. */
    private static <T, R> Item<R> item(Observed<T> o, Function<T, R> f) {
        return o instanceof Observed.Known<T> k
                ? new Known<>(f.apply(k.value()))
                : new Unknown<>(PairListing.reason(o));
    }

    private static Long num(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static Double num(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }
}
