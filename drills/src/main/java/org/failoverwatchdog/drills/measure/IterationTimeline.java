package org.failoverwatchdog.drills.measure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.failoverwatchdog.drills.observe.ClusterState;
import org.failoverwatchdog.drills.observe.HealthSample;
import org.failoverwatchdog.drills.observe.NodeFacts;

/**
 * An iteration over time, in the form its chart draws (results.json's "timeline"): LB answers and
 * the writer's inserts counted per second, each node's states as runs, the drill's faults and
 * restores. Seconds are counted from origin, the first fault (x = 0 on the chart); the watchdog's
 * transitions and the phases are in the iteration's other fields already.
 *
 * @param lb LB probes per second: 200 (ok) and anything else, no answer included (failed)
 * @param writes the writer's inserts per second: acknowledged (ok) and failed
 * @param states each node's DB role (the role polls, every 0.5 s) and app role, router and fence
 *     (the drill's looks, about one a second while it waits or holds a fault), as runs of one state
 */
public record IterationTimeline(
        Instant origin, PerSecond lb, PerSecond writes, List<StateRun> states, List<Event> events) {
    /**
     * A sample stands until the next one, but no longer than this: a longer gap is drawn as not
     * observed rather than as the last state seen.
     */
    static final Duration MAX_STAND = Duration.ofSeconds(5);

    public IterationTimeline {
        states = List.copyOf(states);
        events = List.copyOf(events);
    }

    /** Counts per second: ok[i] and failed[i] are second firstSecond + i since the origin. */
    public record PerSecond(int firstSecond, List<Integer> ok, List<Integer> failed) {
        public PerSecond {
            ok = List.copyOf(ok);
            failed = List.copyOf(failed);
        }

        /** Each moment in the second it falls in, from the first second with one to the last. */
        public static PerSecond of(Instant origin, List<Instant> okAt, List<Instant> failedAt) {
            if (okAt.isEmpty() && failedAt.isEmpty()) return new PerSecond(0, List.of(), List.of());
            int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
            for (List<Instant> l : List.of(okAt, failedAt)) {
                for (Instant t : l) {
                    lo = Math.min(lo, second(origin, t));
                    hi = Math.max(hi, second(origin, t));
                }
            }
            int[] ok = new int[hi - lo + 1], failed = new int[hi - lo + 1];
            for (Instant t : okAt) ok[second(origin, t) - lo]++;
            for (Instant t : failedAt) failed[second(origin, t) - lo]++;
            return new PerSecond(lo, boxed(ok), boxed(failed));
        }

        private static int second(Instant origin, Instant t) {
            return (int) Math.floorDiv(Duration.between(origin, t).toMillis(), 1000L);
        }

        private static List<Integer> boxed(int[] a) {
            return java.util.Arrays.stream(a).boxed().toList();
        }
    }

    /** The state lanes of each node, top to bottom on the chart. */
    public enum Lane {
        DB,
        APP,
        ROUTER,
        FENCE
    }

    /**
     * What a lane showed. DB: PRIMARY, STANDBY, DOWN (no answer). APP (COMPOSE_PROFILES): ACTIVE,
     * PASSIVE. ROUTER: ROUTER_UP, NO_ROUTER. FENCE (default_transaction_read_only): FENCED,
     * NOT_FENCED. UNKNOWN: the node or its database did not answer the look.
     */
    public enum State {
        PRIMARY,
        STANDBY,
        DOWN,
        ACTIVE,
        PASSIVE,
        ROUTER_UP,
        NO_ROUTER,
        FENCED,
        NOT_FENCED,
        UNKNOWN
    }

    /** One node's lane in one state from second from to second to (since the origin). */
    public record StateRun(String node, Lane lane, State state, double from, double to) {}

    public enum EventKind {
        FAULT,
        RESTORE
    }

    /** A drill's step: the fault it injected, or what it restored. */
    public record Event(Instant at, EventKind kind, String what) {}

    /**
     * Builds the timeline. from and to bound the measured range: runs are cut to it (the healthy
     * look before the measurements starts there at the earliest).
     */
    public static IterationTimeline of(
            Instant origin,
            Instant from,
            Instant to,
            List<HealthSample> lb,
            List<Instant> acks,
            List<Instant> writeFailures,
            List<RoleSample> roles,
            List<ClusterState> looks,
            List<Event> events) {
        List<StateRun> runs = new ArrayList<>();
        Map<String, List<Sample>> db = new LinkedHashMap<>();
        for (RoleSample r : roles)
            db.computeIfAbsent(r.node(), k -> new ArrayList<>())
                    .add(new Sample(r.at(), dbState(r.role())));
        db.forEach((node, s) -> runs.addAll(runs(origin, from, to, node, Lane.DB, s)));
        for (Lane lane : List.of(Lane.APP, Lane.ROUTER, Lane.FENCE)) {
            Map<String, List<Sample>> byNode = new LinkedHashMap<>();
            for (ClusterState look : looks) {
                for (NodeFacts n : look.nodes())
                    byNode.computeIfAbsent(n.node(), k -> new ArrayList<>())
                            .add(new Sample(look.at(), state(lane, n)));
            }
            byNode.forEach((node, s) -> runs.addAll(runs(origin, from, to, node, lane, s)));
        }
        runs.sort(
                Comparator.comparing(StateRun::node)
                        .thenComparing(StateRun::lane)
                        .thenComparingDouble(StateRun::from));
        return new IterationTimeline(
                origin,
                PerSecond.of(
                        origin,
                        lb.stream().filter(HealthSample::ok).map(HealthSample::at).toList(),
                        lb.stream().filter(h -> !h.ok()).map(HealthSample::at).toList()),
                PerSecond.of(origin, acks, writeFailures),
                runs,
                events.stream().sorted(Comparator.comparing(Event::at)).toList());
    }

    /** A role watcher's answer (PRIMARY, STANDBY, DOWN); UNKNOWN for one it never gives. */
    static State dbState(String role) {
        return switch (role) {
            case "PRIMARY" -> State.PRIMARY;
            case "STANDBY" -> State.STANDBY;
            case "DOWN" -> State.DOWN;
            default -> State.UNKNOWN;
        };
    }

    /** What a look says for one lane of one node. */
    static State state(Lane lane, NodeFacts n) {
        if (!(n instanceof NodeFacts.Reachable r)) return State.UNKNOWN;
        return switch (lane) {
            case DB -> State.valueOf(r.db().name());
            case APP ->
                    switch (r.profile()) {
                        case "ha-primary" -> State.ACTIVE;
                        case "ha-secondary" -> State.PASSIVE;
                        default -> State.UNKNOWN; // unreadable, neither or both profiles
                    };
            case ROUTER -> r.routerRunning() ? State.ROUTER_UP : State.NO_ROUTER;
            case FENCE ->
                    r.readOnly().isEmpty()
                            ? State.UNKNOWN
                            : r.fenced() ? State.FENCED : State.NOT_FENCED;
        };
    }

    private record Sample(Instant at, State state) {}

    /**
     * Consecutive samples of one state merged into one run; each sample stands until the next (at
     * most {@link #MAX_STAND}), the last one until to at most.
     */
    private static List<StateRun> runs(
            Instant origin, Instant from, Instant to, String node, Lane lane, List<Sample> in) {
        List<Sample> s = in.stream().sorted(Comparator.comparing(Sample::at)).toList();
        List<StateRun> out = new ArrayList<>();
        Function<Instant, Double> sec = t -> Timeline.between(origin, t);
        Instant runFrom = null, runTo = null;
        State runState = null;
        for (int i = 0; i < s.size(); i++) {
            Instant a = s.get(i).at(), capped = a.plus(MAX_STAND);
            Instant b = i + 1 < s.size() ? s.get(i + 1).at() : to;
            if (b.isAfter(capped)) b = capped;
            if (b.isAfter(to)) b = to;
            if (a.isBefore(from)) a = from;
            if (!a.isBefore(b)) continue; // wholly outside the measured range
            if (runState == s.get(i).state() && !a.isAfter(runTo)) {
                runTo = b;
                continue;
            }
            if (runState != null)
                out.add(new StateRun(node, lane, runState, sec.apply(runFrom), sec.apply(runTo)));
            runFrom = a;
            runTo = b;
            runState = s.get(i).state();
        }
        if (runState != null)
            out.add(new StateRun(node, lane, runState, sec.apply(runFrom), sec.apply(runTo)));
        return out;
    }
}
