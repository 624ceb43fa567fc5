package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * One node's status, as a record (for --json, {@link StatusJson}), a verdict with monitoring-plugin
 * exit codes (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN), a one-line summary and performance data.
 * Public for the tick, whose metric failover_watchdog_verdict is this verdict at its own
 * observations.
 */
public final class StatusReport {
    /**
     * The guard's beat older than this: the timer's tick has taken over
     * (bin/failover-watchdog-guard-stale, failover-watchdog.service).
     */
    static final Duration GUARD_STALE = Duration.ofSeconds(30);

    record Problem(Verdict level, String text) {
        @Override
        public String toString() {
            return level + ": " + text;
        }
    }

    /** The report as `status --json` writes it; set once built. */
    StatusJson tree;

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
        List<StatusJson.SetAside> aside = new ArrayList<>();
        for (SetAsideStateFiles.SetAside a : setAside) {
            aside.add(new StatusJson.SetAside(a.file().toString(), a.at(), a.problem()));
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
        StatusJson.Node node = new StatusJson.Node(c.node().name(), self);

        StatusJson.Database db;
        if (o.db() instanceof Observed.Known<DbState> k) {
            DbState v = k.value();
            db =
                    new StatusJson.Database(
                            v.role().toString(),
                            v.timeline(),
                            v.lsn(),
                            v.readOnly(),
                            v.streamingReplicas(),
                            null);
            if (v.role() == DbRole.DOWN)
                r.raise(Verdict.CRITICAL, "database: local PostgreSQL refuses connections (down)");
            if (v.role() == DbRole.PRIMARY && v.readOnly() && s.fenced().isEmpty()) {
                r.raise(
                        Verdict.CRITICAL,
                        "database: primary but read-only (default_transaction_read_only) without a fence of this watchdog");
            }
            o.peerDb()
                    .flatMap(Observed::known)
                    .filter(p -> p.role() == DbRole.PRIMARY && v.role() == DbRole.PRIMARY)
                    .ifPresent(
                            p ->
                                    r.raise(
                                            Verdict.CRITICAL,
                                            "two primary databases: local on timeline "
                                                    + v.timeline()
                                                    + ", the peer's on timeline "
                                                    + p.timeline()
                                                    + (p.timeline() == v.timeline()
                                                            ? " (the same: nothing tells which one is right; an operator decides)"
                                                            : "")));
        } else {
            db = new StatusJson.Database("UNKNOWN", null, null, null, null, reason(o.db()));
            r.raise(Verdict.UNKNOWN, "database role: " + reason(o.db()));
        }

        StatusJson.Env env;
        if (o.env() instanceof Observed.Known<EnvValues> k) {
            String rip = k.value().haRouterIp().orElse("");
            env =
                    new StatusJson.Env(
                            k.value().profiles().orElse(""),
                            rip,
                            rip.equals(self) ? "self" : rip.equals(peer) ? "peer" : "other",
                            null);
        } else {
            env = new StatusJson.Env(null, null, null, reason(o.env()));
            r.raise(Verdict.UNKNOWN, ".env: " + reason(o.env()));
        }

        ContainerState localRouter =
                o.containers().known().map(m -> m.get(c.router().service())).orElse(null);
        StatusJson.Router router =
                new StatusJson.Router(
                        localRouter == null
                                ? (o.containers().isKnown() ? "absent" : "UNKNOWN")
                                : localRouter.describe(),
                        routerState(o.activeRouter()));
        if (o.activeRouter().known().orElse(null) instanceof RouterView.Unreachable u)
            r.raise(Verdict.CRITICAL, "active router unreachable: " + u.reason());
        else if (!o.activeRouter().isKnown())
            r.raise(Verdict.WARNING, "active router: " + o.activeRouter().describe());

        StatusJson.Pooler pooler;
        if (o.pooler() instanceof Observed.Known<Answer> k) {
            pooler = new StatusJson.Pooler(k.value().ok(), k.value().detail());
            if (!k.value().ok())
                r.raise(Verdict.CRITICAL, "pooler: SELECT 1 fails: " + k.value().detail());
        } else {
            pooler = new StatusJson.Pooler(null, o.pooler().describe());
            r.raise(Verdict.WARNING, "pooler: " + o.pooler().describe());
        }

        Map<String, Map<String, String>> registry = new LinkedHashMap<>();
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

        StatusJson.Peer peerJson =
                new StatusJson.Peer(
                        c.peer().name(),
                        peer,
                        o.peerNode().known().map(Answer::ok).orElse(null),
                        routerState(o.peerRouter()),
                        o.peerDb()
                                .map(
                                        p ->
                                                p.known()
                                                        .map(
                                                                v ->
                                                                        v.role()
                                                                                + " timeline "
                                                                                + v.timeline())
                                                        .orElse("UNKNOWN: " + reason(p)))
                                .orElse("not read (postgres.peer is not configured)"));
        if (o.peerNode().known().map(a -> !a.ok()).orElse(true))
            r.raise(
                    Verdict.WARNING,
                    "peer node "
                            + c.peer().name()
                            + " does not answer: "
                            + o.peerNode().describe());
        String witness =
                o.witnessSeesPeer().map(Observed::describe).orElse("not configured")
                        + o.witnessPeerDb()
                                .map(w -> "; reads the peer's database as " + w.describe())
                                .orElse("");

        // An operator's failover asserted the silent peer gone: its silence fences nothing.
        Optional<String> held =
                s.operator()
                        .filter(WatchdogState.Operator.PeerGone.class::isInstance)
                        .map(WatchdogState.Operator.PeerGone.class::cast)
                        .map(
                                g ->
                                        "no fence: "
                                                + g.by()
                                                + " asserted the peer gone at "
                                                + g.since());
        StatusJson.Fence fence =
                new StatusJson.Fence(
                        c.fencing().enabled(),
                        o.peerReach().describe(),
                        o.witnessReach().map(Observed::describe).orElse("not configured"),
                        s.isolation().map(WatchdogState.Isolation::since).orElse(null),
                        s.fenced().map(WatchdogState.Fence::since).orElse(null),
                        s.fenced().map(WatchdogState.Fence::reason).or(() -> held).orElse(null));
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
                                            held.isPresent() ? Verdict.WARNING : Verdict.CRITICAL,
                                            "neither the peer nor the witness heard since "
                                                    + i.since()
                                                    + ": "
                                                    + held.orElse("fence pending")));

        StatusJson.Rule3 rule3 =
                new StatusJson.Rule3(
                        s.routerAbsentSince().orElse(null),
                        s.routerAbsentSince()
                                .map(t -> Duration.between(t, o.at()).toMillis())
                                .orElse(null),
                        c.thresholds().routerAbsent().toMillis(),
                        s.rule3Promoted());
        if (s.routerAbsentSince().isPresent())
            r.raise(Verdict.WARNING, "Rule 3 timer running since " + s.routerAbsentSince().get());

        Map<String, StatusJson.Repair> repairs = new LinkedHashMap<>();
        new TreeMap<>(s.repairs())
                .forEach(
                        (svc, rep) -> {
                            int recent =
                                    rep.within(c.thresholds().crashLoopWindow(), o.at()).size();
                            repairs.put(
                                    svc,
                                    new StatusJson.Repair(rep.last(), rep.lastFailed(), recent));
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

        s.pending()
                .ifPresent(
                        p ->
                                r.raise(
                                        Verdict.WARNING,
                                        "interrupted "
                                                + p.kind()
                                                + " pending since "
                                                + p.startedAt()));
        StatusJson.Pending pending =
                s.pending()
                        .map(
                                p ->
                                        new StatusJson.Pending(
                                                p.kind().name(),
                                                p.rule().wire(),
                                                p.reason(),
                                                p.startedAt()))
                        .orElse(null);
        s.paused()
                .ifPresent(
                        p ->
                                r.raise(
                                        Verdict.WARNING,
                                        "paused since " + p.since() + ": " + p.reason()));
        StatusJson.Paused paused =
                s.paused()
                        .map(p -> new StatusJson.Paused(p.since(), p.reason(), p.by()))
                        .orElse(null);
        StatusJson.PairPause pairPause = pairPause(r, o.pairPause());

        StatusJson.Withheld withheld =
                d.withheld()
                        .map(
                                w ->
                                        new StatusJson.Withheld(
                                                w.plan().kind().name(),
                                                w.plan().rule().wire(),
                                                w.plan().reason(),
                                                w.holds().stream()
                                                        .map(PauseHold::describe)
                                                        .toList()))
                        .orElse(null);
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

        StatusJson.Next next =
                d.plan()
                        .<StatusJson.Next>map(
                                p ->
                                        new StatusJson.NextPlan(
                                                p.kind().name(), p.rule().wire(), p.reason()))
                        .orElse(StatusJson.Nothing.NOTHING);
        d.plan()
                .ifPresent(
                        p ->
                                r.raise(
                                        p.kind() == PlanKind.REPAIR
                                                ? Verdict.WARNING
                                                : Verdict.CRITICAL,
                                        "next tick will " + p.kind() + ": " + p.reason()));

        Optional<Duration> beatAge =
                guardBeat.map(b -> Duration.between(b, o.at())).filter(x -> c.guard().enabled());
        beatAge.filter(a -> a.compareTo(GUARD_STALE) > 0)
                .ifPresent(
                        a ->
                                r.raise(
                                        Verdict.WARNING,
                                        "the guard has not beaten for "
                                                + a.toSeconds()
                                                + " s: the timer's tick runs instead (fix: systemctl status failover-watchdog-guard)"));
        StatusJson.Guard guard =
                new StatusJson.Guard(
                        c.guard().enabled(), beatAge.map(Duration::toSeconds).orElse(null));

        Optional<Duration> tickAge = lastTick.map(t -> Duration.between(t, o.at()));
        r.perfdata = StatusPerfdata.of(c, o, s, last, beatAge, setAside.size(), tickAge);
        r.okSummary =
                c.node().name()
                        + ": database "
                        + db.role()
                        + (db.timeline() != null ? " timeline " + db.timeline() : "")
                        + ", app layer "
                        + (env.profiles() != null ? env.profiles() : "UNKNOWN")
                        + " (router on "
                        + (env.routerIsOn() != null ? env.routerIsOn() : "UNKNOWN")
                        + ")"
                        + ", "
                        + registered(c, o)
                        + "/"
                        + c.router().serviceTypes().size()
                        + " types registered";
        Map<String, Number> perf = new LinkedHashMap<>();
        r.perfdata.forEach(p -> perf.put(p.label(), p.json()));
        r.tree =
                new StatusJson(
                        node,
                        db,
                        env,
                        router,
                        pooler,
                        registry,
                        peerJson,
                        witness,
                        fence,
                        rule3,
                        repairs,
                        pending,
                        paused,
                        pairPause,
                        withheld,
                        next,
                        d.notes(),
                        last.map(PairListingJson.Transition::of).orElse(null),
                        guard,
                        aside,
                        r.verdict().name(),
                        r.summary(),
                        r.problems.stream().map(Problem::toString).toList(),
                        perf);
        return r;
    }

    /**
     * The pair's pause as this node's tick reads it: WARNING while it holds (as this node's own
     * pause), UNKNOWN when it cannot be read (then only the fence may act).
     */
    private static StatusJson.PairPause pairPause(StatusReport r, Observed<PairPause> o) {
        if (!(o instanceof Observed.Known<PairPause> k)) {
            r.raise(
                    Verdict.UNKNOWN,
                    "pair pause: " + reason(o) + ": only the fence may act until it can be read");
            return new StatusJson.PairPauseUnknown(reason(o));
        }
        if (k.value() instanceof PairPause.Paused p) r.raise(Verdict.WARNING, "the pair is " + p);
        return PairListingJson.PauseJson.of(k.value());
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

    private static StatusJson.RouterState routerState(Observed<RouterView> v) {
        if (v instanceof Observed.Known<RouterView> k) {
            if (k.value() instanceof RouterView.Registry reg)
                return new StatusJson.RouterState(reg.url(), "answers", reg.entries().size(), null);
            if (k.value() instanceof RouterView.Unreachable u)
                return new StatusJson.RouterState(u.url(), "unreachable", null, u.reason());
            return new StatusJson.RouterState(null, null, null, null);
        }
        return new StatusJson.RouterState(null, "UNKNOWN", null, v.describe());
    }
}
