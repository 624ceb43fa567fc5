package org.failoverwatchdog.watchdog.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.failoverwatchdog.convergence.GateCheck;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * Turns a rule's verdict into concrete steps: the .env change first, then the configured sequence.
 */
public final class PlanBuilder {
    /** How long a rejoined database may take to answer as a standby. */
    static final Duration STANDBY_DEADLINE = Duration.ofSeconds(60);

    private PlanBuilder() {}

    public static Plan promote(
            WatchdogConfig c, String currentProfiles, RuleName rule, String reason) {
        List<Step> steps = new ArrayList<>();
        steps.add(
                new Step.SetEnv(
                        env(
                                c,
                                currentProfiles,
                                c.compose().primaryProfile(),
                                c.compose().secondaryProfile(),
                                c.node().ip())));
        c.plans().promote().forEach(s -> steps.add(resolve(c, s, c.node().ip())));
        return new Plan(PlanKind.PROMOTE, rule, reason, steps);
    }

    public static Plan demote(
            WatchdogConfig c, String currentProfiles, RuleName rule, String reason) {
        List<Step> steps = new ArrayList<>();
        steps.add(
                new Step.SetEnv(
                        env(
                                c,
                                currentProfiles,
                                c.compose().secondaryProfile(),
                                c.compose().primaryProfile(),
                                c.peer().ip())));
        c.plans().demote().forEach(s -> steps.add(resolve(c, s, c.peer().ip())));
        return new Plan(PlanKind.DEMOTE, rule, reason, steps);
    }

    public static Plan ensureRouter(WatchdogConfig c, String reason) {
        return new Plan(
                PlanKind.ENSURE_ROUTER,
                RuleName.RULE1,
                reason,
                List.of(
                        new Step.Start(List.of(c.router().service())),
                        new Step.Gate(
                                new GateCheck.RouterAnswers(c.node().ip()),
                                c.thresholds().repairGateDeadline(),
                                Optional.empty(),
                                0,
                                true)));
    }

    /**
     * Restart exactly the services whose types are missing, then wait (not required) for each to be
     * ACTIVE again. On the secondary (the router is the peer's) the peer's services of those types
     * re-register first, bounded and not required: the first registration of a type becomes MASTER.
     */
    public static Plan repair(
            WatchdogConfig c,
            String routerIp,
            Map<String, String> missingTypeToService,
            String reason) {
        List<Step> steps = new ArrayList<>();
        if (routerIp.equals(c.peer().ip())) {
            Duration wait = c.thresholds().repairGateDeadline();
            for (String type : missingTypeToService.keySet()) {
                steps.add(
                        new Step.Gate(
                                new GateCheck.RegistryActive(type, routerIp, c.peer().ip()),
                                wait,
                                Optional.empty(),
                                0,
                                false));
                wait =
                        Duration.ofSeconds(
                                5); // the peer's first type answered or timed out: the rest get a
                // short wait
            }
        }
        steps.add(new Step.Restart(List.copyOf(missingTypeToService.values())));
        missingTypeToService
                .keySet()
                .forEach(
                        type ->
                                steps.add(
                                        new Step.Gate(
                                                new GateCheck.RegistryActive(
                                                        type, routerIp, c.node().ip()),
                                                c.thresholds().repairGateDeadline(),
                                                Optional.empty(),
                                                0,
                                                false)));
        return new Plan(PlanKind.REPAIR, RuleName.RULE2, reason, steps);
    }

    /**
     * A wedged pooler (every backend detached, nothing serves): recreate it, then wait for SELECT 1
     * through it.
     */
    public static Plan repairPooler(WatchdogConfig c, String reason) {
        return new Plan(
                PlanKind.REPAIR,
                RuleName.RULE2,
                reason,
                List.of(
                        new Step.Recreate(List.of(c.compose().poolerService())),
                        new Step.Gate(
                                new GateCheck.PoolerAnswers(),
                                c.thresholds().repairGateDeadline(),
                                Optional.empty(),
                                0,
                                false)));
    }

    /**
     * The write fence first (one SQL round trip), then everything that makes this node a target.
     */
    public static Plan fence(WatchdogConfig c, String reason) {
        return new Plan(
                PlanKind.FENCE,
                RuleName.FENCE,
                reason,
                List.of(new Step.DbWrites(false), new Step.Remove(c.fencing().services())));
    }

    /**
     * Writable again, then the promote sequence: the fence removed the app layer, the promote plan
     * builds it in order.
     */
    public static Plan unfence(WatchdogConfig c, String currentProfiles, String reason) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.DbWrites(true));
        // The pooler anew, first: cut off, it detached the peer and may hold sessions that hang; it
        // serves again while the router and the services start.
        steps.add(new Step.Recreate(List.of(c.compose().poolerService())));
        steps.addAll(promote(c, currentProfiles, RuleName.FENCE, reason).steps());
        return new Plan(PlanKind.UNFENCE, RuleName.FENCE, reason, steps);
    }

    /**
     * A primary whose database is writable but read-only by default, and no fence of ours: writable
     * again.
     */
    public static Plan writable(String reason) {
        return new Plan(PlanKind.UNFENCE, RuleName.FENCE, reason, List.of(new Step.DbWrites(true)));
    }

    /**
     * A stale primary becomes the peer's standby: fence (its pooler may still send it writes),
     * rejoin (pg_rewind discards what it wrote past the fork), then the secondary app layer.
     */
    public static Plan rejoin(WatchdogConfig c, String currentProfiles, String reason) {
        List<Step> steps = new ArrayList<>(fence(c, reason).steps());
        steps.add(
                new Step.Run(
                        c.fencing().rejoinCommand().orElseThrow().replace("{peer}", c.peer().ip()),
                        c.fencing().rejoinTimeout()));
        steps.add(
                new Step.Gate(
                        new GateCheck.LocalDbRole(DbRole.STANDBY),
                        STANDBY_DEADLINE,
                        Optional.empty(),
                        0,
                        true));
        steps.addAll(afterRejoin(c, currentProfiles, reason).steps());
        return new Plan(PlanKind.REJOIN, RuleName.FENCE, reason, steps);
    }

    /**
     * What follows the rejoin, also run alone to finish an interrupted one: the fence's setting
     * reset, the pooler anew (it detached the peer while cut off), the demote sequence, and the
     * services the fence removed.
     */
    public static Plan afterRejoin(WatchdogConfig c, String currentProfiles, String reason) {
        List<Step> steps =
                new ArrayList<>(demote(c, currentProfiles, RuleName.FENCE, reason).steps());
        steps.add(1, new Step.Recreate(List.of(c.compose().poolerService())));
        steps.add(
                2,
                new Step.Gate(
                        new GateCheck.PoolerAnswers(),
                        c.thresholds().repairGateDeadline(),
                        Optional.empty(),
                        0,
                        false));
        // Nothing of the fence may outlive the rejoin: a standby promoted later must take writes.
        steps.add(0, new Step.DbWrites(true));
        List<String> front =
                c.fencing().services().stream()
                        .filter(x -> !x.equals(c.router().service()))
                        .toList();
        if (!front.isEmpty()) steps.add(new Step.Start(front));
        return new Plan(PlanKind.REJOIN, RuleName.FENCE, reason, steps);
    }

    /** COMPOSE_PROFILES may list other profiles too: only the HA one is swapped. */
    static Map<String, String> env(
            WatchdogConfig c, String currentProfiles, String want, String drop, String routerIp) {
        List<String> profiles =
                new ArrayList<>(
                        Arrays.stream(currentProfiles.split(","))
                                .map(String::strip)
                                .filter(p -> !p.isEmpty() && !p.equals(want) && !p.equals(drop))
                                .toList());
        profiles.add(0, want);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("COMPOSE_PROFILES", profiles.stream().collect(Collectors.joining(",")));
        m.put("HA_ROUTER_IP", routerIp);
        return m;
    }

    private static Step resolve(WatchdogConfig c, Step s, String routerIp) {
        if (s instanceof Step.Gate g) {
            GateCheck check = g.check();
            if (check instanceof GateCheck.RouterAnswers r) {
                check = new GateCheck.RouterAnswers(sub(c, r.routerIp(), routerIp));
            } else if (check instanceof GateCheck.RegistryActive r) {
                check =
                        new GateCheck.RegistryActive(
                                r.type(),
                                sub(c, r.routerIp(), routerIp),
                                sub(c, r.nodeIp(), routerIp));
            }
            return new Step.Gate(
                    check,
                    g.deadline(),
                    g.remedy(),
                    g.remedyAttempts(),
                    g.required(),
                    g.afterRemedy());
        }
        return s;
    }

    private static String sub(WatchdogConfig c, String v, String routerIp) {
        return v.replace("{router}", routerIp)
                .replace("{self}", c.node().ip())
                .replace("{peer}", c.peer().ip());
    }
}
