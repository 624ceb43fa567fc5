package org.failoverwatchdog.watchdog.metrics;

import static org.failoverwatchdog.watchdog.metrics.PromText.bool;
import static org.failoverwatchdog.watchdog.metrics.PromText.seconds;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.TransitionHook;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.metrics.PromText.Type;
import org.failoverwatchdog.watchdog.rules.AppRole;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.state.MonitorState;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * The textfile's content: every series of one tick (the names are documented in
 * docs/MONITORING.md).
 */
public final class MetricsText {
    static final String P = "failover_watchdog_";

    /** The series every tick writes, even one that failed before observing. */
    static final String LAST_SUCCESS = P + "last_success_timestamp_seconds";

    /**
     * When the last tick ended, whatever it did (read back by `failover-watchdog status` for its
     * tick_age).
     */
    static final String LAST_TICK = P + "last_tick_timestamp_seconds";

    /** status's verdict at the last tick (read back by `failover-watchdog list`). */
    static final String VERDICT = P + "verdict";

    private MetricsText() {}

    public static String render(WatchdogConfig c, TickReport r) {
        PromText t = new PromText();
        t.family(P + "info", Type.GAUGE, "This watchdog's node and its peer; always 1.")
                .sample(P + "info", 1, "node", c.node().name(), "peer", c.peer().name());
        t.family(
                        LAST_TICK,
                        Type.GAUGE,
                        "When the last tick ended (Unix time); stops moving when the guard and the timer both stop.")
                .sample(LAST_TICK, seconds(r.at().plus(r.took())));
        r.lastSuccess()
                .ifPresent(
                        s ->
                                t.family(
                                                LAST_SUCCESS,
                                                Type.GAUGE,
                                                "When the last tick that succeeded ended (Unix time): it ran to its end and its plan, if any, succeeded.")
                                        .sample(LAST_SUCCESS, seconds(s)));
        t.family(
                        P + "tick_duration_seconds",
                        Type.GAUGE,
                        "How long the last tick took, observing, deciding and acting.")
                .sample(P + "tick_duration_seconds", seconds(r.took()));
        r.verdict()
                .ifPresent(
                        v ->
                                t.family(
                                                VERDICT,
                                                Type.GAUGE,
                                                "What `failover-watchdog status` says at the last tick's observations: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.")
                                        .sample(VERDICT, v));
        r.obs().ifPresent(o -> roles(c, o, t));
        r.state().ifPresent(s -> state(c, r, s, t));
        r.obs().ifPresent(o -> observations(o, t));
        transitions(r.monitor(), t);
        t.family(
                P + "hook_runs_total",
                Type.COUNTER,
                "Runs of hooks.on_transition by how they ended.");
        for (TransitionHook.Result h : TransitionHook.Result.values()) {
            t.sample(
                    P + "hook_runs_total",
                    r.monitor().hooks().getOrDefault(h, 0L),
                    "result",
                    h.name().toLowerCase(Locale.ROOT));
        }
        t.family(
                        P + "corrupt_state_files",
                        Type.GAUGE,
                        "Corrupt state files the tick set aside that are still in the state directory (status is CRITICAL until they are removed).")
                .sample(P + "corrupt_state_files", r.setAside().size());
        if (!r.setAside().isEmpty()) {
            t.family(
                            P + "corrupt_state_last_timestamp_seconds",
                            Type.GAUGE,
                            "When the newest of them was set aside (Unix time).")
                    .sample(
                            P + "corrupt_state_last_timestamp_seconds",
                            seconds(r.setAside().get(0).at()));
        }
        return t.toString();
    }

    /**
     * One series per role, 1 for the one that holds (Prometheus style: no role encoded as a
     * number).
     */
    private static void roles(WatchdogConfig c, Observations o, PromText t) {
        String db = o.db().known().map(d -> d.role().name()).orElse("UNKNOWN");
        t.family(
                P + "db_role",
                Type.GAUGE,
                "The local PostgreSQL's role: 1 for the one observed (down: it refuses connections; unknown: no answer).");
        for (DbRole role : DbRole.values())
            t.sample(
                    P + "db_role",
                    bool(role.name().equals(db)),
                    "role",
                    role.name().toLowerCase(Locale.ROOT));
        t.sample(P + "db_role", bool(db.equals("UNKNOWN")), "role", "unknown");
        String app =
                o.env()
                        .known()
                        .map(EnvValues::profiles)
                        .flatMap(p -> AppRole.of(c, p.orElse("")))
                        .map(Enum::name)
                        .orElse("UNKNOWN");
        t.family(
                P + "app_role",
                Type.GAUGE,
                "The app layer's role from COMPOSE_PROFILES in the .env: 1 for the one it names (unknown: unreadable, or neither or both HA profiles).");
        for (AppRole role : AppRole.values())
            t.sample(
                    P + "app_role",
                    bool(role.name().equals(app)),
                    "role",
                    role.name().toLowerCase(Locale.ROOT));
        t.sample(P + "app_role", bool(app.equals("UNKNOWN")), "role", "unknown");
    }

    private static void state(WatchdogConfig c, TickReport r, WatchdogState s, PromText t) {
        Optional<Boolean> pair = r.obs().flatMap(o -> o.pairPause().known()).map(PairPause::paused);
        t.family(
                        P + "paused",
                        Type.GAUGE,
                        "1 while a pause holds this node (`failover-watchdog pause` of the pair, or `pause --node`): ticks observe and decide but take no action.")
                .sample(P + "paused", bool(s.paused().isPresent() || pair.orElse(false)));
        t.family(
                        P + "paused_scope",
                        Type.GAUGE,
                        "1 for each pause that holds: scope node (`pause --node`), pair (`pause`, as this node's database shows it; left out while it cannot be read).")
                .sample(P + "paused_scope", bool(s.paused().isPresent()), "scope", "node");
        pair.ifPresent(p -> t.sample(P + "paused_scope", bool(p), "scope", "pair"));
        t.family(
                        P + "fenced",
                        Type.GAUGE,
                        "1 while this node is fenced: its database read-only, its app layer removed.")
                .sample(P + "fenced", bool(s.fenced().isPresent()));
        t.family(
                        P + "rule3_timer_running",
                        Type.GAUGE,
                        "1 while the active router is unreachable and Rule 3's timer runs.")
                .sample(P + "rule3_timer_running", bool(s.routerAbsentSince().isPresent()));
        // Up to the tick's end: the timer starts at the observation, after the tick began.
        Duration absent =
                s.routerAbsentSince()
                        .map(since -> Duration.between(since, r.at().plus(r.took())))
                        .filter(d -> !d.isNegative())
                        .orElse(Duration.ZERO);
        t.family(
                        P + "rule3_timer_seconds",
                        Type.GAUGE,
                        "How long Rule 3's timer has run (0 while idle); Rule 3 may promote past rule3_threshold_seconds.")
                .sample(P + "rule3_timer_seconds", seconds(absent));
        t.family(
                        P + "rule3_threshold_seconds",
                        Type.GAUGE,
                        "thresholds.router_absent: how long the active router must be unreachable before Rule 3 acts.")
                .sample(P + "rule3_threshold_seconds", seconds(c.thresholds().routerAbsent()));
    }

    private static void observations(Observations o, PromText t) {
        Map<String, Observed<?>> all = new LinkedHashMap<>();
        all.put("db", o.db());
        o.peerDb().ifPresent(p -> all.put("peer_db", p));
        all.put("pooler", o.pooler());
        all.put("env", o.env());
        all.put("active_router", o.activeRouter());
        all.put("peer_router", o.peerRouter());
        all.put(
                "peer_reach",
                o.peerReach()); // the same connection attempt as the peer node's "answers"
        o.witnessReach().ifPresent(w -> all.put("witness_reach", w));
        // Asked only while Rule 3 is in play: UNKNOWN with no latency ("not asked") otherwise.
        o.witnessSeesPeer().ifPresent(w -> all.put("witness_sees_peer", w));
        all.put("containers", o.containers());
        all.put("pair_pause", o.pairPause());
        t.family(
                P + "observation_known",
                Type.GAUGE,
                "1 when the observation was made, 0 when it is UNKNOWN (timed out, unreadable, not asked).");
        all.forEach(
                (name, obs) ->
                        t.sample(
                                P + "observation_known", bool(obs.isKnown()), "observation", name));
        t.family(
                P + "observation_latency_seconds",
                Type.GAUGE,
                "How long the observation took at the last tick.");
        all.forEach(
                (name, obs) ->
                        t.sample(
                                P + "observation_latency_seconds",
                                seconds(obs.latency()),
                                "observation",
                                name));
    }

    private static void transitions(MonitorState m, PromText t) {
        if (m.transitions().isEmpty())
            return; // a family without a sample: left out rather than risk a parser's complaint
        t.family(
                P + "transitions_total",
                Type.COUNTER,
                "Plans run (promote, demote, repair, fence, ...) by kind, rule and result; kept in monitor.json across ticks and restarts.");
        m.transitions().entrySet().stream()
                .sorted(
                        Map.Entry.comparingByKey(
                                (a, b) ->
                                        (a.kind() + a.rule() + a.result())
                                                .compareTo(b.kind() + b.rule() + b.result())))
                .forEach(
                        e ->
                                t.sample(
                                        P + "transitions_total",
                                        e.getValue(),
                                        "kind",
                                        e.getKey().kind().toLowerCase(Locale.ROOT),
                                        "rule",
                                        e.getKey().rule(),
                                        "result",
                                        e.getKey().result().name().toLowerCase(Locale.ROOT)));
        Optional<MonitorState.LastTransition> last = m.last();
        if (last.isEmpty()) return;
        MonitorState.LastTransition l = last.get();
        t.family(
                        P + "last_transition_timestamp_seconds",
                        Type.GAUGE,
                        "When the last plan began (Unix time).")
                .sample(P + "last_transition_timestamp_seconds", seconds(l.time()));
        t.family(P + "last_transition_duration_seconds", Type.GAUGE, "How long the last plan took.")
                .sample(P + "last_transition_duration_seconds", seconds(l.duration()));
        t.family(
                        P + "last_transition_succeeded",
                        Type.GAUGE,
                        "1 if the last plan succeeded, 0 if it failed (stays 0 until one succeeds).")
                .sample(
                        P + "last_transition_succeeded",
                        bool(l.result() == MonitorState.Result.SUCCEEDED));
    }
}
