package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;

/**
 * `watchdog list --json`: the same items as the table. Every item is an object; one that could not
 * be read is {"unknown": "<reason>"} and nothing else, so a reader tests for that one key.
 */
final class PairListingJson {
    private PairListingJson() {}

    static Map<String, Object> tree(PairListing l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", l.at().toString());
        m.put("nodes", l.nodes().stream().map(PairListingJson::node).toList());
        m.put(
                "registry",
                item(
                        l.registry(),
                        r -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("url", r.registry().url());
                            x.put("active", r.activeNotAnswering().isEmpty());
                            x.put("activeNotAnswering", r.activeNotAnswering().orElse(null));
                            return x;
                        }));
        m.put(
                "witness",
                l.witness()
                        .map(
                                w -> {
                                    Map<String, Object> x = new LinkedHashMap<>();
                                    x.put("name", w.name());
                                    x.put("ip", w.ip());
                                    x.put(
                                            "reach",
                                            item(
                                                    w.reach(),
                                                    r -> {
                                                        Map<String, Object> y =
                                                                new LinkedHashMap<>();
                                                        y.put("kind", r.kind().name());
                                                        y.put("detail", r.detail());
                                                        return y;
                                                    }));
                                    x.put("seesPeer", item(w.seesPeer(), PairListingJson::answer));
                                    return (Object) x;
                                })
                        .orElse(null));
        PairListing.ThisWatchdog w = l.watchdog();
        Map<String, Object> wd = new LinkedHashMap<>();
        wd.put(
                "lastTick",
                item(
                        w.lastTick(),
                        t -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("at", t.at().toString());
                            x.put("ageS", Duration.between(t.at(), l.at()).toSeconds());
                            x.put("verdict", t.verdict().map(Enum::name).orElse(null));
                            return x;
                        }));
        Map<String, Object> guard = new LinkedHashMap<>();
        guard.put("enabled", w.guardEnabled());
        guard.put(
                "beatAgeS",
                w.guardBeat().map(b -> Duration.between(b, l.at()).toSeconds()).orElse(null));
        wd.put("guard", guard);
        wd.put(
                "lastTransition",
                item(w.lastTransition(), e -> e.map(PairListingJson::transition).orElse(null)));
        m.put("watchdog", wd);
        Map<String, Object> pause = new LinkedHashMap<>();
        l.pairPause()
                .forEach(
                        (side, v) ->
                                pause.put(
                                        side.name().toLowerCase(),
                                        item(v, PairListingJson::pause)));
        m.put("pairPause", l.pairPause().isEmpty() ? null : pause);
        return m;
    }

    /** The pair's pause as one database shows it. */
    static Map<String, Object> pause(PairPause p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("paused", p.paused());
        m.put("table", !(p instanceof PairPause.NoTable));
        if (p instanceof PairPause.Paused x) {
            m.put("by", x.by());
            m.put("on", x.on());
            m.put("since", x.since().toString());
            m.put("reason", x.reason());
        }
        return m;
    }

    private static Map<String, Object> node(PairListing.NodeRow n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("ip", n.ip());
        m.put("side", n.side().name().toLowerCase());
        m.put(
                "database",
                item(
                        n.db(),
                        d -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("role", d.role().name());
                            x.put("timeline", d.timeline());
                            x.put("lsn", d.lsn());
                            x.put("readOnly", d.readOnly());
                            return x;
                        }));
        m.put("lag", item(n.lag(), PairListingJson::lag));
        m.put(
                "app",
                item(
                        n.app(),
                        a -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("role", a.role().name());
                            x.put("evidence", a.evidence());
                            return x;
                        }));
        Map<String, Object> router = new LinkedHashMap<>();
        n.router()
                .container()
                .ifPresent(c -> router.put("container", item(c, PairListingJson::answer)));
        router.put("answers", item(n.router().answers(), PairListingJson::answer));
        m.put("router", router);
        m.put(
                "registry",
                item(
                        n.registry(),
                        r -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("active", r.active());
                            x.put("expected", r.byType().size());
                            Map<String, Object> types = new LinkedHashMap<>();
                            r.byType()
                                    .forEach(
                                            (t, e) ->
                                                    types.put(
                                                            t,
                                                            e.map(
                                                                            x1 ->
                                                                                    x1.role()
                                                                                            + "/"
                                                                                            + x1
                                                                                                    .status())
                                                                    .orElse(null)));
                            x.put("types", types);
                            return x;
                        }));
        m.put("paused", item(n.paused(), PairListingJson::answer));
        m.put("fenced", item(n.fenced(), PairListingJson::answer));
        return m;
    }

    private static Object lag(PairListing.Lag lag) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (lag instanceof PairListing.Lag.NotApplicable na) {
            m.put("source", "none");
            m.put("role", na.role().name());
        } else if (lag instanceof PairListing.Lag.FromPrimary p) {
            m.put("source", "primary");
            m.put("primary", p.primary());
            m.put("state", p.state());
            m.put("bytes", num(p.bytes()));
            m.put("seconds", num(p.seconds()));
        } else if (lag instanceof PairListing.Lag.NotStreaming ns) {
            m.put("source", "primary");
            m.put("primary", ns.primary());
            m.put("state", "not streaming");
        } else if (lag instanceof PairListing.Lag.FromStandby s) {
            m.put("source", "standby");
            m.put("receivedNotReplayedBytes", num(s.receivedNotReplayedBytes()));
            m.put("sinceLastReplaySeconds", num(s.sinceLastReplaySeconds()));
            m.put("why", s.why());
        }
        return m;
    }

    private static Map<String, Object> answer(Answer a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", a.ok());
        m.put("detail", a.detail());
        return m;
    }

    /**
     * The last transition as both `list --json` and `status --json` show it: the journal entry
     * without its node and steps.
     */
    static Map<String, Object> transition(Journal.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("kind", e.kind());
        m.put("rule", e.rule());
        m.put("reason", e.reason());
        m.put("succeeded", e.succeeded());
        m.put("totalMs", e.totalMs());
        return m;
    }

    /** A known item as f makes it; an unknown one as {"unknown": reason}. */
    private static <T> Object item(Observed<T> o, Function<T, Object> f) {
        return o instanceof Observed.Known<T> k
                ? f.apply(k.value())
                : Map.of("unknown", PairListing.reason(o));
    }

    private static Long num(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static Double num(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }
}
