package org.failoverwatchdog.watchdog.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * The decision: a pure function from (observations, persisted state, config) to at most one plan.
 * No I/O. An UNKNOWN observation never leads to a destructive step: it only ever withholds action.
 *
 * Order: the fence rule ({@link FenceRule}: fence, unfence, rejoin; it alone acts while fenced);
 * resume an interrupted promote/demote/rejoin; Rule 1 (role follows DB); Rule 3 (datacenter
 * failover); Rule 2 (registry repair). The first that yields a plan wins; the others wait a tick.
 */
public final class Rules {
    private final WatchdogConfig c;

    public Rules(WatchdogConfig config) {
        this.c = config;
    }

    /** What the app layer says this node is, from COMPOSE_PROFILES. */
    public enum AppRole { PRIMARY, SECONDARY }

    public Decision decide(Observations o, WatchdogState s) {
        List<String> notes = new ArrayList<>();
        s = FreshStart.settle(c, o, s, notes); // a state without its file: is this node fenced?
        if (s.paused().isPresent()) {
            notes.add("paused since " + s.paused().get().since() + " (" + s.paused().get().reason() + "): no action; `watchdog resume` ends it");
            return new Decision(Optional.empty(), s, notes);
        }
        FenceRule fence = new FenceRule(c);
        WatchdogState tracked = fence.track(o, s);
        Optional<String> envProfiles = o.env().known().map(e -> e.profiles().orElse(""));
        Optional<Decision> fenced = fence.decide(o, tracked, envProfiles, notes);
        if (fenced.isPresent()) return fenced.get();
        s = tracked;
        if (!(o.env() instanceof Observed.Known<EnvValues> envK)) {
            notes.add(".env cannot be read: " + o.env().describe() + ": no action");
            return new Decision(Optional.empty(), s, notes);
        }
        EnvValues env = envK.value();
        String profiles = env.profiles().orElse("");
        Optional<AppRole> app = appRole(c, profiles);
        if (app.isEmpty()) {
            notes.add(".env COMPOSE_PROFILES='" + profiles + "' names neither " + c.compose().primaryProfile() + " nor "
                    + c.compose().secondaryProfile() + " (fix: set one of them in " + c.compose().envFile() + "): no action");
            return new Decision(Optional.empty(), s, notes);
        }
        String routerIp = env.haRouterIp().orElse("");
        Optional<DbView> db = DbView.of(o.db(), o.peerDb(), notes);

        WatchdogState next = trackRegistered(o, updateTimer(o, s, app.get(), notes));

        if (next.rule3Promoted() && app.get() == AppRole.PRIMARY && db.map(x -> x.role() == DbRole.PRIMARY).orElse(false)) {
            next = next.withRule3Promoted(false); // the database caught up with the Rule 3 promotion
        }
        next = dropStalePending(o, next, db, notes);
        Optional<Decision> d = resume(o, next, db, profiles, notes);
        if (d.isEmpty()) d = rule1(o, next, db, app.get(), profiles, routerIp, notes);
        if (d.isEmpty()) d = rule3(o, next, db, app.get(), profiles, notes);
        if (d.isEmpty()) d = poolerRepair(o, next, db, notes);
        if (d.isEmpty()) d = rule2(o, next, routerIp, notes);
        return d.orElse(new Decision(Optional.empty(), next, notes));
    }

    /** Empty when COMPOSE_PROFILES names neither HA profile, or both (ambiguous); also read by the metrics. */
    public static Optional<AppRole> appRole(WatchdogConfig c, String profiles) {
        List<String> list = List.of(profiles.split(",")).stream().map(String::strip).toList();
        boolean p = list.contains(c.compose().primaryProfile());
        boolean sec = list.contains(c.compose().secondaryProfile());
        if (p == sec) return Optional.empty(); // neither, or both: ambiguous
        return Optional.of(p ? AppRole.PRIMARY : AppRole.SECONDARY);
    }

    /** The Rule 3 timer: started when the active router is first seen unreachable, kept across ticks. */
    private WatchdogState updateTimer(Observations o, WatchdogState s, AppRole app, List<String> notes) {
        if (app == AppRole.PRIMARY) {
            return s.routerAbsentSince().isPresent() ? s.withTimer(Optional.empty(), Optional.empty()) : s;
        }
        if (o.activeRouter() instanceof Observed.Known<RouterView> k) {
            if (k.value() instanceof RouterView.Unreachable u) {
                Instant now = o.at();
                boolean gap = s.routerAbsentLastSeen().map(t -> Duration.between(t, now).compareTo(c.thresholds().maxObservationGap()) > 0).orElse(true);
                Instant since = s.routerAbsentSince().isEmpty() || gap ? now : s.routerAbsentSince().get();
                if (since.equals(now)) notes.add("active router " + u.url() + " unreachable (" + u.reason() + "): Rule 3 timer started");
                return s.withTimer(Optional.of(since), Optional.of(now));
            }
            return s.routerAbsentSince().isPresent() ? s.withTimer(Optional.empty(), Optional.empty()) : s;
        }
        notes.add("active router UNKNOWN: " + o.activeRouter().describe() + ": Rule 3 timer unchanged");
        return s;
    }

    /**
     * Remembers which container of each service was seen registered in the active router. A service
     * registers once, when its container starts: that container missing from the registry later was
     * lost (a router that restarted empty) and will not come back by itself.
     */
    private WatchdogState trackRegistered(Observations o, WatchdogState s) {
        if (!(o.activeRouter().known().orElse(null) instanceof RouterView.Registry reg)) return s;
        if (!(o.containers() instanceof Observed.Known<Map<String, ContainerState>> k)) return s;
        Map<String, Instant> seen = new java.util.HashMap<>(s.registered());
        c.router().serviceTypes().forEach((type, service) -> {
            ContainerState cs = k.value().get(service);
            if (cs != null && cs.running() && reg.has(type, c.node().ip())) seen.put(service, cs.startedAt());
        });
        return seen.equals(s.registered()) ? s : s.withRegistered(seen);
    }

    /** An interrupted promote/demote is finished while the database still says the same; otherwise it is dropped. */
    private WatchdogState dropStalePending(Observations o, WatchdogState s, Optional<DbView> db, List<String> notes) {
        if (s.pending().isEmpty() || db.isEmpty()) return s;
        if (resumable(o, s, db.get())) return s;
        notes.add("dropped the interrupted " + s.pending().get().kind() + " (" + s.pending().get().reason() + "): the database role has changed since");
        return s.withPending(Optional.empty());
    }

    private boolean resumable(Observations o, WatchdogState s, DbView db) {
        WatchdogState.Pending p = s.pending().orElseThrow();
        if (p.kind() == PlanKind.PROMOTE) {
            return db.role() == DbRole.PRIMARY || (p.rule() == RuleName.RULE3 && peerGone(o, new ArrayList<>()));
        }
        return (p.kind() == PlanKind.DEMOTE || p.kind() == PlanKind.REJOIN) && db.role() == DbRole.STANDBY;
    }

    private Optional<Decision> resume(Observations o, WatchdogState s, Optional<DbView> db, String profiles, List<String> notes) {
        if (s.pending().isEmpty()) return Optional.empty();
        WatchdogState.Pending p = s.pending().get();
        if (db.isEmpty() && !(p.rule() == RuleName.RULE3 && peerGone(o, new ArrayList<>()))) {
            notes.add("interrupted " + p.kind() + " waits: database role UNKNOWN");
            return Optional.of(new Decision(Optional.empty(), s, notes));
        }
        if (p.kind() == PlanKind.DEMOTE && rule3Hold(o, s)) return Optional.empty();
        String reason = "resume " + p.kind() + " begun at " + p.startedAt() + " (" + p.reason() + ")";
        Plan plan = switch (p.kind()) {
            case PROMOTE -> PlanBuilder.promote(c, profiles, p.rule(), reason);
            case REJOIN -> PlanBuilder.afterRejoin(c, profiles, reason); // the database is a standby now
            default -> PlanBuilder.demote(c, profiles, p.rule(), reason);
        };
        return Optional.of(new Decision(Optional.of(plan), s, notes));
    }

    private Optional<Decision> rule1(Observations o, WatchdogState s, Optional<DbView> db, AppRole app, String profiles, String routerIp, List<String> notes) {
        if (db.isEmpty()) return Optional.empty();
        DbView d = db.get();
        String self = c.node().ip();
        String peer = c.peer().ip();
        String reason = null;
        boolean promote = d.role() == DbRole.PRIMARY;
        if (promote && app == AppRole.SECONDARY) {
            reason = "local PostgreSQL " + d.says() + " but COMPOSE_PROFILES is " + c.compose().secondaryProfile();
        } else if (promote && !routerIp.equals(self)) {
            reason = "local PostgreSQL " + d.says() + " but HA_ROUTER_IP=" + (routerIp.isEmpty() ? "(unset)" : routerIp) + ", not this node";
        } else if (!promote && app == AppRole.PRIMARY) {
            reason = "local PostgreSQL " + d.says() + " but COMPOSE_PROFILES is " + c.compose().primaryProfile();
        } else if (!promote && !routerIp.equals(peer)) {
            reason = "local PostgreSQL " + d.says() + " but HA_ROUTER_IP=" + (routerIp.isEmpty() ? "(unset)" : routerIp) + ", not the peer " + peer;
        } else if (!promote && localRouterRuns(o)) {
            reason = "a router runs here but local PostgreSQL " + d.says() + " (two live routers)";
        }
        if (reason == null) {
            return promote ? ensureRouter(o, s, notes) : Optional.empty();
        }
        if (!promote && rule3Hold(o, s)) {
            notes.add("Rule 1 would demote (" + reason + ") but Rule 3 promoted this app layer and the peer's router is not back: holding");
            return Optional.empty();
        }
        Optional<Instant> last = s.lastRoleChange();
        if (last.isPresent() && Duration.between(last.get(), o.at()).compareTo(c.thresholds().minRoleChangeInterval()) < 0) {
            notes.add("Rule 1 would " + (promote ? "promote" : "demote") + " (" + reason + ") but the last role change was "
                    + Duration.between(last.get(), o.at()).toSeconds() + " s ago (min_role_change_interval " + c.thresholds().minRoleChangeInterval().toSeconds() + " s): waiting");
            return Optional.empty();
        }
        Plan plan = promote ? PlanBuilder.promote(c, profiles, RuleName.RULE1, reason) : PlanBuilder.demote(c, profiles, RuleName.RULE1, reason);
        return Optional.of(new Decision(Optional.of(plan), started(s.withRoleChange(o.at(), false), plan, o.at()), notes));
    }

    /** Primary with a consistent .env but no router container up (not one Docker is restarting): start it. */
    private Optional<Decision> ensureRouter(Observations o, WatchdogState s, List<String> notes) {
        if (!(o.containers() instanceof Observed.Known<Map<String, ContainerState>> k)) {
            notes.add("containers UNKNOWN: " + o.containers().describe());
            return Optional.empty();
        }
        ContainerState router = k.value().get(c.router().service());
        if (router != null && (router.running() || "restarting".equals(router.status()))) return Optional.empty();
        String reason = "this node is primary but its router " + (router == null ? "has no container" : "is " + router.status());
        Plan plan = PlanBuilder.ensureRouter(c, reason);
        return Optional.of(new Decision(Optional.of(plan), s, notes));
    }

    private boolean localRouterRuns(Observations o) {
        return o.containers().known().map(m -> m.get(c.router().service())).map(ContainerState::running).orElse(false);
    }

    /** After a Rule 3 promotion the DB lags: do not demote while the peer's router is not readable again. */
    private boolean rule3Hold(Observations o, WatchdogState s) {
        return s.rule3Promoted() && !(o.peerRouter().known().orElse(null) instanceof RouterView.Registry);
    }

    /** The datacenter-failover condition of this tick: peer's router unreachable, peer node silent, witness agrees. */
    private boolean peerGone(Observations o, List<String> why) {
        if (!(o.peerRouter().known().orElse(null) instanceof RouterView.Unreachable)) {
            why.add("the peer's router " + (o.peerRouter().known().isPresent() ? "answers" : "is UNKNOWN: " + o.peerRouter().describe()));
            return false;
        }
        if (!(o.peerNode() instanceof Observed.Known<Answer> pn) || pn.value().ok()) {
            why.add("the peer node " + (o.peerNode().isKnown() ? "answers (" + o.peerNode().describe() + ")" : "is UNKNOWN"));
            return false;
        }
        if (o.witnessSeesPeer().isPresent()) {
            Observed<Answer> w = o.witnessSeesPeer().get();
            if (!(w instanceof Observed.Known<Answer> wk) || wk.value().ok()) {
                why.add("the witness " + (w.isKnown() ? "still sees the peer" : "cannot confirm: " + w.describe()));
                return false;
            }
        }
        return true;
    }

    private Optional<Decision> rule3(Observations o, WatchdogState s, Optional<DbView> db, AppRole app, String profiles, List<String> notes) {
        if (app == AppRole.PRIMARY || s.routerAbsentSince().isEmpty()) return Optional.empty();
        if (!(o.activeRouter().known().orElse(null) instanceof RouterView.Unreachable)) return Optional.empty();
        Duration absent = Duration.between(s.routerAbsentSince().get(), o.at());
        Duration threshold = c.thresholds().routerAbsent();
        if (absent.compareTo(threshold) < 0) {
            notes.add("active router absent " + absent.toMillis() + " ms of " + threshold.toMillis() + " ms (Rule 3 threshold)");
            return Optional.empty();
        }
        List<String> why = new ArrayList<>();
        if (!peerGone(o, why)) {
            notes.add("active router absent " + absent.toSeconds() + " s, but " + String.join("; ", why) + ": Rule 3 does not fire");
            return Optional.empty();
        }
        Optional<Instant> last = s.lastRoleChange();
        if (last.isPresent() && Duration.between(last.get(), o.at()).compareTo(c.thresholds().minRoleChangeInterval()) < 0) {
            notes.add("Rule 3 would promote but the last role change was too recent: waiting");
            return Optional.empty();
        }
        String reason = "active router " + c.router().urlFor(c.peer().ip()) + " unreachable for " + absent.toSeconds()
                + " s, peer node " + c.peer().name() + " silent" + (o.witnessSeesPeer().isPresent() ? ", witness confirms" : "")
                + "; database " + db.map(d -> d.role().toString()).orElse("UNKNOWN");
        Plan plan = PlanBuilder.promote(c, profiles, RuleName.RULE3, reason);
        return Optional.of(new Decision(Optional.of(plan), started(s.withRoleChange(o.at(), true), plan, o.at()), notes));
    }

    /**
     * pgpool that has detached every backend never serves again by itself (failover_command is empty:
     * repmgr promotes). Acted on only when both say so: SELECT 1 through it fails now, and Docker's
     * healthcheck marks it unhealthy (several failures in a row: the hysteresis), with the local
     * database observable; at most once per repair_backoff.
     */
    private Optional<Decision> poolerRepair(Observations o, WatchdogState s, Optional<DbView> db, List<String> notes) {
        if (!(o.pooler() instanceof Observed.Known<Answer> p) || p.value().ok() || db.isEmpty()) return Optional.empty();
        // Only in a settled world: while the active router is away, Rules 1 and 3 own the node.
        if (!(o.activeRouter().known().orElse(null) instanceof RouterView.Registry)) return Optional.empty();
        if (!(o.containers() instanceof Observed.Known<Map<String, ContainerState>> k)) return Optional.empty();
        String service = c.compose().poolerService();
        ContainerState pool = k.value().get(service);
        if (pool == null || !pool.running() || !"unhealthy".equals(pool.health())) {
            notes.add("pooler does not serve (" + p.value().detail() + ") but Docker reports " + service + " "
                    + (pool == null ? "absent" : pool.describe()) + ": not repaired (Docker's healthcheck must call it unhealthy first)");
            return Optional.empty();
        }
        Optional<String> wait = backoff(s, service, o.at(), true);
        if (wait.isPresent()) {
            notes.add("pooler wedged; " + service + ": " + wait.get());
            return Optional.empty();
        }
        String reason = "pooler does not serve (" + p.value().detail() + ") and Docker reports " + service + " unhealthy; the local database is "
                + db.get().role() + ": recreate it";
        return Optional.of(new Decision(Optional.of(PlanBuilder.repairPooler(c, reason)),
                s.withRepaired(List.of(service), o.at(), c.thresholds().crashLoopWindow()), notes));
    }

    /**
     * Services Docker keeps running but reports unhealthy (a DB pool broken for good at start): the
     * restart policy never acts on them. Only while the pooler serves (they would break again), once
     * older than repair_grace, not while backing off (see backoff); type -> service.
     */
    private Map<String, String> unhealthy(Observations o, WatchdogState s, Map<String, ContainerState> containers, List<String> notes) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!o.pooler().known().map(Answer::ok).orElse(false)) return out;
        c.router().serviceTypes().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ContainerState cs = containers.get(e.getValue());
            if (cs == null || !cs.running() || !"unhealthy".equals(cs.health())) return;
            Optional<String> wait = backoff(s, e.getValue(), o.at(), true);
            if (Duration.between(cs.startedAt(), o.at()).compareTo(c.thresholds().repairGrace()) < 0) {
                notes.add(e.getValue() + " is unhealthy but started less than repair_grace ago");
            } else if (wait.isPresent()) {
                notes.add(e.getValue() + " is unhealthy; " + wait.get());
            } else {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private Optional<Decision> rule2(Observations o, WatchdogState s, String routerIp, List<String> notes) {
        if (!(o.activeRouter().known().orElse(null) instanceof RouterView.Registry reg)) return Optional.empty();
        String self = c.node().ip();
        Map<String, String> missing = new LinkedHashMap<>();
        c.router().serviceTypes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> !reg.has(e.getKey(), self)).forEach(e -> missing.put(e.getKey(), e.getValue()));
        if (!(o.containers() instanceof Observed.Known<Map<String, ContainerState>> k)) {
            if (!missing.isEmpty()) notes.add("registry lacks " + missing.keySet() + " but containers are UNKNOWN (" + o.containers().describe() + "): Rule 2 waits");
            return Optional.empty();
        }
        Map<String, String> sick = unhealthy(o, s, k.value(), notes);
        if (missing.isEmpty() && sick.isEmpty()) return Optional.empty();
        Map<String, String> restart = new LinkedHashMap<>();
        // Every type of this node gone at once: the registry lost them itself (a router that restarted
        // empty). Its restarts are not the services' crash loop: only a failed repair backs off.
        boolean routerLostAll = missing.size() == c.router().serviceTypes().size();
        for (Map.Entry<String, String> e : missing.entrySet()) {
            ContainerState cs = k.value().get(e.getValue());
            Optional<String> wait = backoff(s, e.getValue(), o.at(), !routerLostAll);
            if (cs == null || !cs.running()) {
                notes.add(e.getKey() + " missing from the registry; its service " + e.getValue() + " is " + (cs == null ? "not created" : cs.status()) + ": Docker or a plan must start it first");
            } else if (!cs.startedAt().equals(s.registered().get(e.getValue()))
                    && Duration.between(cs.startedAt(), o.at()).compareTo(c.thresholds().repairGrace()) < 0) {
                notes.add(e.getKey() + " missing; " + e.getValue() + " started " + Duration.between(cs.startedAt(), o.at()).toSeconds() + " s ago and may still be registering (repair_grace)");
            } else if (wait.isPresent()) {
                notes.add(e.getKey() + " missing; " + e.getValue() + ": " + wait.get());
            } else {
                restart.put(e.getKey(), e.getValue());
            }
        }
        List<String> why = new ArrayList<>();
        if (!restart.isEmpty()) why.add("router " + routerIp + " lists no " + String.join(", ", restart.keySet()) + " from this node (registry lost them: router restarted empty?)");
        sick.forEach((type, svc) -> { if (restart.putIfAbsent(type, svc) == null) why.add("Docker reports " + svc + " unhealthy (restart policies do not act on unhealthy)"); });
        if (restart.isEmpty()) return Optional.empty();
        String reason = String.join("; ", why);
        Plan plan = PlanBuilder.repair(c, routerIp, restart, reason);
        return Optional.of(new Decision(Optional.of(plan), s.withRepaired(restart.values(), o.at(), c.thresholds().crashLoopWindow()), notes));
    }

    /**
     * Why a service must wait before Rule 2 repairs it again, if it must: its last repair failed, or
     * (when crashLoops counts) it was repaired crash_loop_repairs times within crash_loop_window (a
     * crash loop). Either waits repair_backoff after the last repair. A repair that worked is no
     * reason to wait.
     */
    private Optional<String> backoff(WatchdogState s, String service, Instant now, boolean crashLoops) {
        WatchdogState.Repairs r = s.repairs().get(service);
        if (r == null) return Optional.empty();
        Duration since = Duration.between(r.last(), now);
        if (since.compareTo(c.thresholds().repairBackoff()) >= 0) return Optional.empty();
        String wait = "next repair after repair_backoff (" + c.thresholds().repairBackoff().toSeconds() + " s)";
        if (r.lastFailed()) return Optional.of("its last repair, " + since.toSeconds() + " s ago, failed: " + wait);
        int recent = r.within(c.thresholds().crashLoopWindow(), now).size();
        if (crashLoops && recent >= c.thresholds().crashLoopRepairs()) {
            return Optional.of("crash loop: repaired " + recent + " times in " + c.thresholds().crashLoopWindow().toMinutes() + " min, the last "
                    + since.toSeconds() + " s ago: " + wait);
        }
        return Optional.empty();
    }

    private static WatchdogState started(WatchdogState s, Plan plan, Instant at) {
        return s.withPending(Optional.of(new WatchdogState.Pending(plan.kind(), plan.rule(), plan.reason(), at)));
    }
}
