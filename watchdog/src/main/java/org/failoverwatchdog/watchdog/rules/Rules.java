package org.failoverwatchdog.watchdog.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        if (s.paused().isPresent()) {
            notes.add(
                    "paused since "
                            + s.paused().get().since()
                            + " ("
                            + s.paused().get().reason()
                            + "): no action; `failover-watchdog resume` ends it");
            return new Decision(Optional.empty(), s, notes);
        }
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
        Optional<AppRole> app = AppRole.of(c, profiles);
        if (app.isEmpty()) {
            notes.add(
                    ".env COMPOSE_PROFILES='"
                            + profiles
                            + "' names neither "
                            + c.compose().primaryProfile()
                            + " nor "
                            + c.compose().secondaryProfile()
                            + " (fix: set one of them in "
                            + c.compose().envFile()
                            + "): no action");
            return new Decision(Optional.empty(), s, notes);
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
            if (d.isPresent()) return d.get();
        }
        return situation.hold();
    }
}
