package org.failoverwatchdog.watchdog.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * The decision: a pure function from (observations, persisted state, config) to at most one plan.
 * No I/O. An UNKNOWN observation never leads to a destructive step: it only ever withholds action.
 *
 * <p>The fence rule ({@link FenceRule}: fence, unfence, rejoin) decides first, on the least: it
 * needs no readable .env to fence, and while fenced it alone acts. Then the .env must name one HA
 * profile, the state is brought up to date (Rule 3 timer, registrations, an interrupted plan the
 * database no longer backs dropped), and the chain decides: resume an interrupted plan; Rule 1
 * (role follows DB, ensure the primary's router); Rule 3 (datacenter failover); pooler repair; Rule
 * 2 (registry repair, unhealthy restart). The first that decides wins; the others wait a tick.
 *
 * <p>Maintenance ({@link PauseHold}): a pause of this node or of the pair does not stop deciding,
 * only acting. The plan the rules decide is withheld, fence included, and the tick says so each
 * time; a pair's pause that cannot be read withholds every plan but the fence.
 */
public final class Rules {
    private static final List<Rule> CHAIN =
            List.of(
                    new ResumeInterrupted(),
                    new RoleFollowsDb(),
                    new DatacenterFailover(),
                    new PoolerRepair(),
                    new RegistryRepair());
    private final WatchdogConfig c;
    private final FenceRule fence;

    public Rules(WatchdogConfig config) {
        this.c = config;
        this.fence = new FenceRule(config);
    }

    public Decision decide(Observations o, WatchdogState s) {
        List<String> notes = new ArrayList<>();
        s = FreshStart.settle(c, o, s, notes); // a state without its file: is this node fenced?
        s = OperatorMarks.settle(o, s, notes); // an operator's switchover or failover
        List<PauseHold> holds = PauseHold.of(s, o.pairPause());
        for (PauseHold h : holds) {
            notes.add(
                    h.describe()
                            + (h instanceof PauseHold.PairUnknown
                                    ? "; only the fence may act until it can be read"
                                    : "; no action, the fence included; `failover-watchdog resume"
                                            + (h instanceof PauseHold.Node ? " --node" : "")
                                            + "` ends it"));
        }
        Decided d = decideUnpaused(o, s, notes);
        return hold(d, holds);
    }

    /**
     * @param withoutPlan the state to keep when the plan does not run: what the rules tracked (the
     *     timers, the registrations, an interrupted plan dropped), without what the plan itself
     *     marks (pending, fenced, the role change)
     */
    private record Decided(Decision decision, WatchdogState withoutPlan) {}

    /**
     * A paused tick decides as ever (its timers go on, so it knows what it would do) and runs
     * nothing the pause holds: the plan is handed back as withheld.
     */
    private static Decision hold(Decided d, List<PauseHold> holds) {
        Optional<Plan> plan = d.decision().plan();
        if (plan.isEmpty()) return d.decision();
        List<PauseHold> holding = holds.stream().filter(h -> h.holds(plan.get().kind())).toList();
        if (holding.isEmpty()) {
            if (holds.isEmpty()) return d.decision();
            List<String> n = new ArrayList<>(d.decision().notes());
            n.add(
                    plan.get().kind()
                            + " runs although the pair's pause cannot be read: it only removes a writer");
            return new Decision(plan, d.decision().next(), n);
        }
        return new Decision(
                Optional.empty(),
                d.withoutPlan(),
                d.decision().notes(),
                Optional.of(new Decision.Withheld(plan.get(), holding)));
    }

    private Decided decideUnpaused(Observations o, WatchdogState s, List<String> notes) {
        WatchdogState tracked = fence.track(o, s);
        Optional<String> envProfiles = o.env().known().map(e -> e.profiles().orElse(""));
        Optional<Decision> fenced = fence.decide(o, tracked, envProfiles, notes);
        if (fenced.isPresent()) return new Decided(fenced.get(), tracked);
        s = tracked;
        if (!(o.env() instanceof Observed.Known<EnvValues> envK)) {
            notes.add(".env cannot be read: " + o.env().describe() + ": no action");
            return held(s, notes);
        }
        EnvValues env = envK.value();
        String profiles = env.profiles().orElse("");
        Optional<AppRole> app = AppRole.of(c, profiles);
        if (app.isEmpty()) {
            notes.add(".env " + AppRole.unnamed(c, profiles) + ": no action");
            return held(s, notes);
        }
        Optional<DbView> db = DbView.of(o.db(), o.peerDb(), notes);

        WatchdogState next =
                Registrations.track(c, o, Rule3Timer.update(c, o, s, app.get(), notes));
        if (next.rule3Promoted()
                && app.get() == AppRole.PRIMARY
                && db.map(x -> x.role() == DbRole.PRIMARY).orElse(false)) {
            next =
                    next.withRule3Promoted(
                            false); // the database caught up with the Rule 3 promotion
        }
        next = ResumeInterrupted.dropStale(o, next, db, notes);

        Situation situation =
                new Situation(
                        c, o, next, db, app.get(), profiles, env.haRouterIp().orElse(""), notes);
        for (Rule rule : CHAIN) {
            Optional<Decision> d = rule.decide(situation);
            if (d.isPresent()) return new Decided(d.get(), next);
        }
        return new Decided(situation.hold(), next);
    }

    private static Decided held(WatchdogState s, List<String> notes) {
        return new Decided(new Decision(Optional.empty(), s, notes), s);
    }
}
