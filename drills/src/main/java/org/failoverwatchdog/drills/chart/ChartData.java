package org.failoverwatchdog.drills.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.failoverwatchdog.drills.measure.IterationTimeline;
import org.failoverwatchdog.drills.measure.IterationTimeline.Lane;
import org.failoverwatchdog.drills.measure.IterationTimeline.State;
import org.failoverwatchdog.drills.measure.IterationTimeline.StateRun;
import org.failoverwatchdog.drills.measure.JournalEntry;
import org.failoverwatchdog.drills.measure.Timeline;
import org.failoverwatchdog.drills.report.JsonReport;

/**
 * What one iteration's chart draws, read from its entry in results.json (so old results render
 * too): every time in seconds since the first fault. An iteration recorded before timelines existed
 * has no "timeline": then only its failed LB probes, its phases (fault, promotion) and the
 * watchdog's journal are drawn, and recorded is false.
 *
 * @param from the x range's start, seconds since the fault (negative: before it)
 * @param lb LB probes per second; writes the writer's inserts per second
 * @param bands each node's lanes (DB, app, router, fence) as runs of one state
 * @param marks the drill's faults and restores and every promotion of a database, as vertical lines
 * @param transitions the watchdog's journal entries, from the plan's start to its end
 */
public record ChartData(
        String title,
        String subtitle,
        boolean recorded,
        double from,
        double to,
        List<Count> lb,
        List<Count> writes,
        List<String> nodes,
        List<StateRun> bands,
        List<Mark> marks,
        List<Transition> transitions) {
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public ChartData {
        lb = List.copyOf(lb);
        writes = List.copyOf(writes);
        nodes = List.copyOf(nodes);
        bands = List.copyOf(bands);
        marks = List.copyOf(marks);
        transitions = List.copyOf(transitions);
    }

    /** Second second (since the fault) saw ok successes and failed failures. */
    public record Count(int second, int ok, int failed) {}

    public enum MarkKind {
        FAULT,
        RESTORE,
        PROMOTION
    }

    public record Mark(double at, MarkKind kind, String label) {}

    /**
     * The watchdog's plan kinds (convergence's PlanKind); OTHER for one this build does not know.
     */
    public enum TransitionKind {
        PROMOTE,
        DEMOTE,
        ENSURE_ROUTER,
        REPAIR,
        FENCE,
        UNFENCE,
        REJOIN,
        OTHER;

        static TransitionKind of(String kind) {
            for (TransitionKind k : values()) if (k.name().equals(kind)) return k;
            return OTHER;
        }
    }

    /** A journal entry: the plan ran on node from second from to second to. */
    public record Transition(
            String node,
            TransitionKind kind,
            String rule,
            boolean succeeded,
            double from,
            double to) {}

    /** The chart's data for one element of results.json's "iterations". */
    public static ChartData of(JsonNode it) {
        String drill = it.path("drill").asText("?");
        int iteration = it.path("iteration").asInt();
        Instant started = instant(it.path("started"));
        Instant ended = instant(it.path("ended"));
        JsonNode tl = it.path("timeline");
        boolean recorded = tl.isObject();
        IterationTimeline timeline = recorded ? timeline(tl) : null;
        List<JsonNode> phases = new ArrayList<>();
        it.path("phases").forEach(phases::add);

        Instant origin =
                recorded
                        ? timeline.origin()
                        : phases.stream()
                                .map(p -> instant(p.path("faultAt")))
                                .filter(t -> t != null)
                                .min(Comparator.naturalOrder())
                                .orElse(started);
        List<Mark> marks = new ArrayList<>();
        List<Count> lb, writes;
        List<StateRun> bands;
        String what;
        if (recorded) {
            lb = counts(timeline.lb());
            writes = counts(timeline.writes());
            bands = timeline.states();
            for (IterationTimeline.Event e : timeline.events()) {
                marks.add(
                        new Mark(
                                sec(origin, e.at()),
                                e.kind() == IterationTimeline.EventKind.FAULT
                                        ? MarkKind.FAULT
                                        : MarkKind.RESTORE,
                                e.what()));
            }
            marks.addAll(promotions(bands));
            what =
                    timeline.events().stream()
                            .filter(e -> e.at().equals(origin))
                            .map(IterationTimeline.Event::what)
                            .findFirst()
                            .orElse(phases.isEmpty() ? "the start of the measurements" : "");
        } else {
            lb = failedOnly(origin, it.path("nonOkProbes"));
            writes = List.of();
            bands = List.of();
            for (JsonNode p : phases) {
                Instant f = instant(p.path("faultAt"));
                if (f == null) continue;
                marks.add(new Mark(sec(origin, f), MarkKind.FAULT, p.path("label").asText()));
                Instant measured = instant(p.path("measuredFrom"));
                if (measured != null && !measured.equals(f))
                    marks.add(
                            new Mark(
                                    sec(origin, measured), MarkKind.RESTORE, "measured from here"));
                if (p.path("promoteSeconds").isNumber())
                    marks.add(
                            new Mark(
                                    sec(origin, f) + p.path("promoteSeconds").asDouble(),
                                    MarkKind.PROMOTION,
                                    "DB promoted (not " + p.path("primaryBefore").asText() + ")"));
            }
            what = phases.isEmpty() ? "the start" : phases.get(0).path("label").asText();
        }
        marks.sort(Comparator.comparingDouble(Mark::at));

        List<Transition> transitions = new ArrayList<>();
        for (JsonNode j : it.path("journal")) {
            JournalEntry e = journalEntry(j);
            if (e == null) continue;
            transitions.add(
                    new Transition(
                            e.node(),
                            TransitionKind.of(e.kind()),
                            e.rule(),
                            e.succeeded(),
                            sec(origin, e.time()),
                            sec(origin, e.end())));
        }

        Set<String> nodes = new LinkedHashSet<>();
        bands.forEach(b -> nodes.add(b.node()));
        transitions.forEach(t -> nodes.add(t.node()));
        List<String> sortedNodes = nodes.stream().sorted().toList();

        double from = Double.MAX_VALUE, to = -Double.MAX_VALUE;
        for (Count c : lb) {
            from = Math.min(from, c.second());
            to = Math.max(to, c.second() + 1);
        }
        for (Count c : writes) {
            from = Math.min(from, c.second());
            to = Math.max(to, c.second() + 1);
        }
        for (StateRun b : bands) {
            from = Math.min(from, b.from());
            to = Math.max(to, b.to());
        }
        for (Mark m : marks) {
            from = Math.min(from, m.at());
            to = Math.max(to, m.at());
        }
        for (Transition t : transitions) {
            from = Math.min(from, t.from());
            to = Math.max(to, t.to());
        }
        if (ended != null) to = Math.max(to, sec(origin, ended));
        if (from > to) { // nothing measured at all (not healthy at the start)
            from = 0;
            to = Math.max(1, to);
        }

        String verdict = passed(it) ? "PASS" : "FAIL";
        JsonNode bad = it.path("badWindow");
        String title =
                drill
                        + " #"
                        + iteration
                        + ": "
                        + verdict
                        + " (bad window "
                        + num(bad.path("longestSeconds").asDouble())
                        + " s, "
                        + bad.path("non200").asInt()
                        + " non-200, lost writes "
                        + it.path("lostWrites").path("lost").asInt()
                        + " of "
                        + it.path("lostWrites").path("acknowledged").asInt()
                        + ")";
        String subtitle =
                "seconds since "
                        + (what.isEmpty() ? "the fault" : "the fault (" + shorten(what, 70) + ")")
                        + " at "
                        + UTC.format(origin)
                        + ", run "
                        + it.path("runId").asText()
                        + (recorded
                                ? ""
                                : tl.isMissingNode()
                                        ? "; recorded before timelines: only failed LB probes,"
                                                + " phases and the watchdog's journal"
                                        : "; nothing was measured (the start was not healthy)");
        return new ChartData(
                title,
                subtitle,
                recorded,
                from,
                to,
                lb,
                writes,
                sortedNodes,
                bands,
                marks,
                transitions);
    }

    /**
     * A database answering as primary after answering otherwise (standby, down): repmgr's
     * promotion, or an old primary that came back as one.
     */
    static List<Mark> promotions(List<StateRun> bands) {
        List<Mark> out = new ArrayList<>();
        Map<String, State> last = new HashMap<>();
        for (StateRun b :
                bands.stream()
                        .filter(b -> b.lane() == Lane.DB)
                        .sorted(Comparator.comparingDouble(StateRun::from))
                        .toList()) {
            State before = last.put(b.node(), b.state());
            if (b.state() == State.PRIMARY && before != null && before != State.PRIMARY)
                out.add(new Mark(b.from(), MarkKind.PROMOTION, b.node() + " DB primary"));
        }
        return out;
    }

    static List<Count> counts(IterationTimeline.PerSecond p) {
        List<Count> out = new ArrayList<>();
        for (int i = 0; i < p.ok().size(); i++)
            out.add(new Count(p.firstSecond() + i, p.ok().get(i), p.failed().get(i)));
        return out;
    }

    /** An old results.json kept only the failed probes. */
    static List<Count> failedOnly(Instant origin, JsonNode probes) {
        TreeMap<Integer, Integer> bySecond = new TreeMap<>();
        for (JsonNode p : probes) {
            Instant at = instant(p.path("at"));
            if (at != null) bySecond.merge((int) Math.floor(sec(origin, at)), 1, Integer::sum);
        }
        List<Count> out = new ArrayList<>();
        bySecond.forEach((s, n) -> out.add(new Count(s, 0, n)));
        return out;
    }

    static IterationTimeline timeline(JsonNode tl) {
        try {
            return JsonReport.mapper().treeToValue(tl, IterationTimeline.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable timeline: " + e.getOriginalMessage(), e);
        }
    }

    private static JournalEntry journalEntry(JsonNode j) {
        Instant t = instant(j.path("time"));
        if (t == null) return null;
        return new JournalEntry(
                t,
                j.path("node").asText(""),
                j.path("kind").asText(""),
                j.path("rule").asText(""),
                j.path("reason").asText(""),
                j.path("succeeded").asBoolean(false),
                j.path("totalMs").asLong(0));
    }

    private static boolean passed(JsonNode it) {
        for (JsonNode c : it.path("checks")) if (!c.path("passed").asBoolean(true)) return false;
        return true;
    }

    private static Instant instant(JsonNode n) {
        return n.isTextual() ? Instant.parse(n.asText()) : null;
    }

    private static double sec(Instant origin, Instant t) {
        return Timeline.between(origin, t);
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.1f", v);
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
