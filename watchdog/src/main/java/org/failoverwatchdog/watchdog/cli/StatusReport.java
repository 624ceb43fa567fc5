package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.RegistryEntry;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.Decision;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.rules.PauseHold;
import org.failoverwatchdog.watchdog.state.SetAsideStateFiles;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * One node's status, as a tree (for --json), a verdict with monitoring-plugin exit codes (0 OK, 1
 * WARNING, 2 CRITICAL, 3 UNKNOWN), a one-line summary and performance data. Public for the tick,
 * whose metric failover_watchdog_verdict is this verdict at its own observations.
 */
public final class StatusReport {
    /**
     * The guard's beat older than this: the timer's tick has taken over (bin/watchdog-guard-stale,
     * watchdog.service).
     */
    static final Duration GUARD_STALE = Duration.ofSeconds(30);

    record Problem(Verdict level, String text) {
        @Override
        public String toString() {
            return level + ": " + text;
        }
    }

    final Map<String, Object> tree = new LinkedHashMap<>();
    final List<Problem> problems = new ArrayList<>();
    List<Perfdata> perfdata = List.of();
    private Verdict verdict = Verdict.OK;
    private String okSummary = "";

    private void raise(Verdict level, String problem) {
        problems.add(new Problem(level, problem));
        verdict = verdict.worst(level);
    }

    Verdict verdict() {
        return verdict;
    }

    /** The verdict as an exit code (also the tick's metric failover_watchdog_verdict). */
    public int code() {
        return verdict.exitCode();
    }

    /**
     * One line: what is wrong (the first problem of the verdict's level), or, when nothing is, what
     * this node is.
     */
    String summary() {
        if (verdict == Verdict.OK) return okSummary;
        Problem first =
                problems.stream()
                        .filter(p -> p.level() == verdict)
                        .findFirst()
                        .orElse(problems.get(0));
        return first.text() + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "");
    }

    /**
     * The report at a tick's own observations (its verdict metric): no guard beat or last tick to
     * go by.
     *
     * @param setAside corrupt state files the tick moved aside and the operator has not removed yet
     */
    public static StatusReport build(
            WatchdogConfig c,
            Observations o,
            WatchdogState s,
            Decision d,
            Optional<Journal.Entry> last,
            List<SetAsideStateFiles.SetAside> setAside) {
        return build(c, o, s, d, last, setAside, Optional.empty(), Optional.empty());
    }

    /**
     * @param setAside corrupt state files the tick moved aside and the operator has not removed yet
     * @param guardBeat when the resident guard last beat (empty: it never did, or it is not
     *     enabled)
     * @param lastTick when the last tick ended, as the metrics textfile says (empty: no
     *     metrics.textfile, or none written yet)
     */
    static StatusReport build(
            WatchdogConfig c,
            Observations o,
            WatchdogState s,
            Decision d,
            Optional<Journal.Entry> last,
            List<SetAsideStateFiles.SetAside> setAside,
            Optional<Instant> guardBeat,
            Optional<Instant> lastTick) {
        StatusReport r = new StatusReport();
        // CRITICAL until acknowledged by removing the file: the state it held (a Rule 3 timer, an
        // interrupted plan, a pause, the fence) is gone, and an operator should know what and why.
        List<Map<String, Object>> aside = new ArrayList<>();
        for (SetAsideStateFiles.SetAside a : setAside) {
            aside.add(
                    Map.of(
                            "file",
                            a.file().toString(),
                            "at",
                            a.at().toString(),
                            "problem",
                            a.problem()));
            r.raise(
                    Verdict.CRITICAL,
                    "the state file was corrupt ("
                            + a.problem()
                            + ") and was set aside as "
                            + a.file()
                            + " at "
                            + a.at()
                            + "; the watchdog carries on from a fresh state (fix: read it, pause again if maintenance was under way, then delete it to clear this)");
        }

        String self = c.node().ip();
        String peer = c.peer().ip();
        r.tree.put("node", Map.of("name", c.node().name(), "ip", self));

        Map<String, Object> db = new LinkedHashMap<>();
        if (o.db() instanceof Observed.Known<DbState> k) {
            db.put("role", k.value().role().toString());
            db.put("timeline", k.value().timeline());
            db.put("lsn", k.value().lsn());
            db.put("readOnly", k.value().readOnly());
            db.put("streamingReplicas", k.value().streamingReplicas());
            if (k.value().role() == DbRole.DOWN)
                r.raise(Verdict.CRITICAL, "database: local PostgreSQL refuses connections (down)");
            if (k.value().role() == DbRole.PRIMARY
                    && k.value().readOnly()
                    && s.fenced().isEmpty()) {
                r.raise(
                        Verdict.CRITICAL,
                        "database: primary but read-only (default_transaction_read_only) without a fence of this watchdog");
            }
            o.peerDb()
                    .flatMap(Observed::known)
                    .filter(p -> p.role() == DbRole.PRIMARY && k.value().role() == DbRole.PRIMARY)
                    .ifPresent(
                            p ->
                                    r.raise(
                                            Verdict.CRITICAL,
                                            "two primary databases: local on timeline "
                                                    + k.value().timeline()
                                                    + ", the peer's on timeline "
                                                    + p.timeline()
                                                    + (p.timeline() == k.value().timeline()
                                                            ? " (the same: nothing tells which one is right; an operator decides)"
                                                            : "")));
        } else {
            db.put("role", "UNKNOWN");
            db.put("error", reason(o.db()));
            r.raise(Verdict.UNKNOWN, "database role: " + reason(o.db()));
        }
        r.tree.put("database", db);

        Map<String, Object> env = new LinkedHashMap<>();
        if (o.env() instanceof Observed.Known<EnvValues> k) {
            env.put("profiles", k.value().profiles().orElse(""));
            String rip = k.value().haRouterIp().orElse("");
            env.put("haRouterIp", rip);
            env.put("routerIsOn", rip.equals(self) ? "self" : rip.equals(peer) ? "peer" : "other");
        } else {
            env.put("error", reason(o.env()));
            r.raise(Verdict.UNKNOWN, ".env: " + reason(o.env()));
        }
        r.tree.put("env", env);

        Map<String, Object> router = new LinkedHashMap<>();
        ContainerState localRouter =
                o.containers().known().map(m -> m.get(c.router().service())).orElse(null);
        router.put(
                "local",
                localRouter == null
                        ? (o.containers().isKnown() ? "absent" : "UNKNOWN")
                        : localRouter.describe());
        router.put("active", routerTree(o.activeRouter()));
        if (o.activeRouter().known().orElse(null) instanceof RouterView.Unreachable u)
            r.raise(Verdict.CRITICAL, "active router unreachable: " + u.reason());
        else if (!o.activeRouter().isKnown())
            r.raise(Verdict.WARNING, "active router: " + o.activeRouter().describe());
        r.tree.put("router", router);

        Map<String, Object> pooler = new LinkedHashMap<>();
        if (o.pooler() instanceof Observed.Known<Answer> k) {
            pooler.put("ok", k.value().ok());
            pooler.put("detail", k.value().detail());
            if (!k.value().ok())
                r.raise(Verdict.CRITICAL, "pooler: SELECT 1 fails: " + k.value().detail());
        } else {
            pooler.put("ok", null);
            pooler.put("detail", o.pooler().describe());
            r.raise(Verdict.WARNING, "pooler: " + o.pooler().describe());
        }
        r.tree.put("pooler", pooler);

        Map<String, Object> registry = new LinkedHashMap<>();
        if (o.activeRouter().known().orElse(null) instanceof RouterView.Registry reg) {
            TreeSet<String> types = new TreeSet<>(c.router().serviceTypes().keySet());
            reg.entries().forEach(e -> types.add(e.type()));
            for (String t : types) {
                Map<String, String> byNode = new LinkedHashMap<>();
                for (RegistryEntry e : reg.entries()) {
                    if (e.type().equals(t)) byNode.put(e.nodeIp(), e.role() + "/" + e.status());
                }
                registry.put(t, byNode);
                if (c.router().serviceTypes().containsKey(t) && !reg.has(t, self))
                    r.raise(Verdict.CRITICAL, t + " from this node is missing from the registry");
                else if (reg.has(t, self) && !reg.hasActive(t, self))
                    r.raise(Verdict.WARNING, t + " from this node is STARTING");
            }
        }
        r.tree.put("registry", registry);

        Map<String, Object> peerT = new LinkedHashMap<>();
        peerT.put("name", c.peer().name());
        peerT.put("ip", peer);
        peerT.put("answers", o.peerNode().known().map(Answer::ok).orElse(null));
        peerT.put("router", routerTree(o.peerRouter()));
        peerT.put(
                "database",
                o.peerDb()
                        .map(
                                p ->
                                        p.known()
                                                .map(v -> v.role() + " timeline " + v.timeline())
                                                .orElse("UNKNOWN: " + reason(p)))
                        .orElse("not read (postgres.peer is not configured)"));
        if (o.peerNode().known().map(a -> !a.ok()).orElse(true))
            r.raise(
                    Verdict.WARNING,
                    "peer node "
                            + c.peer().name()
                            + " does not answer: "
                            + o.peerNode().describe());
        r.tree.put("peer", peerT);
        r.tree.put("witness", o.witnessSeesPeer().map(Observed::describe).orElse("not configured"));

        Map<String, Object> fence = new LinkedHashMap<>();
        fence.put("enabled", c.fencing().enabled());
        fence.put("peerReach", o.peerReach().describe());
        fence.put(
                "witnessReach", o.witnessReach().map(Observed::describe).orElse("not configured"));
        fence.put("silentSince", s.isolation().map(i -> i.since().toString()).orElse(null));
        fence.put("fencedSince", s.fenced().map(f -> f.since().toString()).orElse(null));
        fence.put("reason", s.fenced().map(WatchdogState.Fence::reason).orElse(null));
        s.fenced()
                .ifPresent(
                        f ->
                                r.raise(
                                        Verdict.CRITICAL,
                                        "fenced since "
                                                + f.since()
                                                + " (database read-only, app layer removed): "
                                                + f.reason()));
        if (s.fenced().isEmpty())
            s.isolation()
                    .ifPresent(
                            i ->
                                    r.raise(
                                            Verdict.CRITICAL,
                                            "neither the peer nor the witness heard since "
                                                    + i.since()
                                                    + ": fence pending"));
        r.tree.put("fence", fence);

        Map<String, Object> rule3 = new LinkedHashMap<>();
        rule3.put("timerSince", s.routerAbsentSince().map(Object::toString).orElse(null));
        rule3.put(
                "absentMs",
                s.routerAbsentSince()
                        .map(t -> Duration.between(t, o.at()).toMillis())
                        .orElse(null));
        rule3.put("thresholdMs", c.thresholds().routerAbsent().toMillis());
        rule3.put("promotedAheadOfDb", s.rule3Promoted());
        if (s.routerAbsentSince().isPresent())
            r.raise(Verdict.WARNING, "Rule 3 timer running since " + s.routerAbsentSince().get());
        r.tree.put("rule3", rule3);

        Map<String, Object> repairs = new LinkedHashMap<>();
        s.repairs()
                .forEach(
                        (svc, rep) -> {
                            int recent =
                                    rep.within(c.thresholds().crashLoopWindow(), o.at()).size();
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("last", rep.last().toString());
                            m.put("lastFailed", rep.lastFailed());
                            m.put("inWindow", recent);
                            repairs.put(svc, m);
                            if (recent >= c.thresholds().crashLoopRepairs()) {
                                r.raise(
                                        Verdict.WARNING,
                                        "crash loop: Rule 2 repaired "
                                                + svc
                                                + " "
                                                + recent
                                                + " times in "
                                                + c.thresholds().crashLoopWindow().toMinutes()
                                                + " min (crash_loop_repairs "
                                                + c.thresholds().crashLoopRepairs()
                                                + "), the last at "
                                                + rep.last());
                            } else if (rep.lastFailed()
                                    && Duration.between(rep.last(), o.at())
                                                    .compareTo(c.thresholds().crashLoopWindow())
                                            < 0) {
                                r.raise(
                                        Verdict.WARNING,
                                        "the last repair of "
                                                + svc
                                                + " ("
                                                + rep.last()
                                                + ") failed");
                            }
                        });
        r.tree.put("repairs", repairs);

        s.pending()
                .ifPresent(
                        p ->
                                r.raise(
                                        Verdict.WARNING,
                                        "interrupted "
                                                + p.kind()
                                                + " pending since "
                                                + p.startedAt()));
        r.tree.put(
                "pending",
                s.pending()
                        .map(
                                p ->
                                        Map.of(
                                                "kind",
                                                p.kind().name(),
                                                "rule",
                                                p.rule().wire(),
                                                "reason",
                                                p.reason(),
                                                "startedAt",
                                                p.startedAt().toString()))
                        .orElse(null));
        s.paused()
                .ifPresent(
                        p ->
                                r.raise(
                                        Verdict.WARNING,
                                        "paused since " + p.since() + ": " + p.reason()));
        r.tree.put(
                "paused",
                s.paused()
                        .map(
                                p ->
                                        Map.of(
                                                "since",
                                                p.since().toString(),
                                                "reason",
                                                p.reason(),
                                                "by",
                                                p.by()))
                        .orElse(null));
        r.tree.put("pairPause", pairPause(r, o.pairPause()));

        r.tree.put(
                "withheld",
                d.withheld()
                        .map(
                                w -> {
                                    Map<String, Object> m = new LinkedHashMap<>();
                                    m.put("kind", w.plan().kind().name());
                                    m.put("rule", w.plan().rule().wire());
                                    m.put("reason", w.plan().reason());
                                    m.put(
                                            "heldBy",
                                            w.holds().stream().map(PauseHold::describe).toList());
                                    return (Object) m;
                                })
                        .orElse(null));
        d.withheld()
                .ifPresent(
                        w ->
                                r.raise(
                                        w.plan().kind() == PlanKind.REPAIR
                                                ? Verdict.WARNING
                                                : Verdict.CRITICAL,
                                        "paused, but the next tick would "
                                                + w.plan().kind()
                                                + ": "
                                                + w.plan().reason()));

        r.tree.put(
                "next",
                d.plan()
                        .map(
                                p -> {
                                    Map<String, Object> m = new LinkedHashMap<>();
                                    m.put("kind", p.kind().name());
                                    m.put("rule", p.rule().wire());
                                    m.put("reason", p.reason());
                                    return (Object) m;
                                })
                        .orElse("nothing"));
        d.plan()
                .ifPresent(
                        p ->
                                r.raise(
                                        p.kind() == PlanKind.REPAIR
                                                ? Verdict.WARNING
                                                : Verdict.CRITICAL,
                                        "next tick will " + p.kind() + ": " + p.reason()));
        r.tree.put("notes", d.notes());

        r.tree.put("lastTransition", last.map(PairListingJson::transition).orElse(null));
        Optional<Duration> beatAge =
                guardBeat.map(b -> Duration.between(b, o.at())).filter(x -> c.guard().enabled());
        beatAge.filter(a -> a.compareTo(GUARD_STALE) > 0)
                .ifPresent(
                        a ->
                                r.raise(
                                        Verdict.WARNING,
                                        "the guard has not beaten for "
                                                + a.toSeconds()
                                                + " s: the timer's tick runs instead (fix: systemctl status watchdog-guard)"));
        Map<String, Object> guard = new LinkedHashMap<>();
        guard.put("enabled", c.guard().enabled());
        guard.put("beatAgeS", beatAge.map(Duration::toSeconds).orElse(null));
        r.tree.put("guard", guard);
        r.tree.put("stateSetAside", aside);

        Optional<Duration> tickAge = lastTick.map(t -> Duration.between(t, o.at()));
        r.perfdata = StatusPerfdata.of(c, o, s, last, beatAge, setAside.size(), tickAge);
        r.okSummary =
                c.node().name()
                        + ": database "
                        + db.get("role")
                        + (db.containsKey("timeline") ? " timeline " + db.get("timeline") : "")
                        + ", app layer "
                        + env.getOrDefault("profiles", "UNKNOWN")
                        + " (router on "
                        + env.getOrDefault("routerIsOn", "UNKNOWN")
                        + ")"
                        + ", "
                        + registered(c, o)
                        + "/"
                        + c.router().serviceTypes().size()
                        + " types registered";
        r.tree.put("verdict", r.verdict().name());
        r.tree.put("summary", r.summary());
        r.tree.put("problems", r.problems.stream().map(Problem::toString).toList());
        Map<String, Object> perf = new LinkedHashMap<>();
        r.perfdata.forEach(p -> perf.put(p.label(), p.json()));
        r.tree.put("perfdata", perf);
        return r;
    }

    /**
     * The pair's pause as this node's tick reads it: WARNING while it holds (as this node's own
     * pause), UNKNOWN when it cannot be read (then only the fence may act).
     */
    private static Map<String, Object> pairPause(StatusReport r, Observed<PairPause> o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!(o instanceof Observed.Known<PairPause> k)) {
            m.put("paused", null);
            m.put("error", reason(o));
            r.raise(
                    Verdict.UNKNOWN,
                    "pair pause: " + reason(o) + ": only the fence may act until it can be read");
            return m;
        }
        m.putAll(PairListingJson.pause(k.value()));
        if (k.value() instanceof PairPause.Paused p) r.raise(Verdict.WARNING, "the pair is " + p);
        return m;
    }

    /**
     * This node's service types that the active router lists; -1 when its registry was not read.
     */
    static int registered(WatchdogConfig c, Observations o) {
        if (!(o.activeRouter().known().orElse(null) instanceof RouterView.Registry reg)) return -1;
        return (int)
                c.router().serviceTypes().keySet().stream()
                        .filter(t -> reg.has(t, c.node().ip()))
                        .count();
    }

    private static String reason(Observed<?> o) {
        return o instanceof Observed.Unknown<?> u ? u.reason() : o.describe();
    }

    private static Object routerTree(Observed<RouterView> v) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (v instanceof Observed.Known<RouterView> k) {
            if (k.value() instanceof RouterView.Registry reg) {
                m.put("url", reg.url());
                m.put("state", "answers");
                m.put("entries", reg.entries().size());
            } else if (k.value() instanceof RouterView.Unreachable u) {
                m.put("url", u.url());
                m.put("state", "unreachable");
                m.put("reason", u.reason());
            }
        } else {
            m.put("state", "UNKNOWN");
            m.put("reason", v.describe());
        }
        return m;
    }
}
