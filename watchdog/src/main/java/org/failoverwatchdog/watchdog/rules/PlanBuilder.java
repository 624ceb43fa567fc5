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
        return roleChange(PlanKind.PROMOTE, c, currentProfiles, rule, reason);
    }

    public static Plan demote(
            WatchdogConfig c, String currentProfiles, RuleName rule, String reason) {
        return roleChange(PlanKind.DEMOTE, c, currentProfiles, rule, reason);
    }

    /**
     * A promote (the primary profile, the router here) or a demote (the secondary profile, the
     * router the peer's): the .env first, then the configured sequence, its gates aimed at that
     * router.
     */
    private static Plan roleChange(
            PlanKind kind, WatchdogConfig c, String currentProfiles, RuleName rule, String reason) {
        boolean promote = kind == PlanKind.PROMOTE;
        String primary = c.compose().primaryProfile(), secondary = c.compose().secondaryProfile();
        String routerIp = promote ? c.node().ip() : c.peer().ip();
        List<Step> steps = new ArrayList<>();
        steps.add(
                new Step.SetEnv(
                        env(
                                c,
                                currentProfiles,
                                promote ? primary : secondary,
                                promote ? secondary : primary,
                                routerIp)));
        (promote ? c.plans().promote() : c.plans().demote())
                .forEach(s -> steps.add(resolve(c, s, routerIp)));
        return new Plan(kind, rule, reason, steps);
    }

    public static Plan ensureRouter(WatchdogConfig c, String reason) {
        return new Plan(
                PlanKind.ENSURE_ROUTER,
                RuleName.RULE1,
                reason,
                List.of(
                        new Step.Start(List.of(c.router().service())),
                        gate(
                                new GateCheck.RouterAnswers(c.node().ip()),
                                c.thresholds().repairGateDeadline(),
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
                        gate(
                                new GateCheck.RegistryActive(type, routerIp, c.peer().ip()),
                                wait,
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
                                        gate(
                                                new GateCheck.RegistryActive(
                                                        type, routerIp, c.node().ip()),
                                                c.thresholds().repairGateDeadline(),
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
                List.of(new Step.Recreate(List.of(c.compose().poolerService())), poolerAnswers(c)));
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
        steps.add(gate(new GateCheck.LocalDbRole(DbRole.STANDBY), STANDBY_DEADLINE, true));
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
        steps.add(2, poolerAnswers(c));
        // Nothing of the fence may outlive the rejoin: a standby promoted later must take writes.
        steps.add(0, new Step.DbWrites(true));
        List<String> front =
                c.fencing().services().stream()
                        .filter(x -> !x.equals(c.router().service()))
                        .toList();
        if (!front.isEmpty()) steps.add(new Step.Start(front));
        return new Plan(PlanKind.REJOIN, RuleName.FENCE, reason, steps);
    }

    /** A gate without a remedy. */
    private static Step.Gate gate(GateCheck check, Duration deadline, boolean required) {
        return new Step.Gate(check, deadline, Optional.empty(), 0, required);
    }

    /** Waits (not required) for SELECT 1 through the pooler. */
    private static Step.Gate poolerAnswers(WatchdogConfig c) {
        return gate(new GateCheck.PoolerAnswers(), c.thresholds().repairGateDeadline(), false);
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
