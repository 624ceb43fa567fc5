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
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/** Turns a rule's verdict into concrete steps: the .env change first, then the configured sequence. */
public final class PlanBuilder {
    public static final String PROMOTE = "PROMOTE";
    public static final String DEMOTE = "DEMOTE";
    public static final String REPAIR = "REPAIR";
    public static final String ENSURE_ROUTER = "ENSURE_ROUTER";

    private PlanBuilder() {}

    public static Plan promote(WatchdogConfig c, String currentProfiles, String rule, String reason) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.SetEnv(env(c, currentProfiles, c.compose().primaryProfile(), c.compose().secondaryProfile(), c.node().ip())));
        c.plans().promote().forEach(s -> steps.add(resolve(c, s, c.node().ip())));
        return new Plan(PROMOTE, rule, reason, steps);
    }

    public static Plan demote(WatchdogConfig c, String currentProfiles, String rule, String reason) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.SetEnv(env(c, currentProfiles, c.compose().secondaryProfile(), c.compose().primaryProfile(), c.peer().ip())));
        c.plans().demote().forEach(s -> steps.add(resolve(c, s, c.peer().ip())));
        return new Plan(DEMOTE, rule, reason, steps);
    }

    public static Plan ensureRouter(WatchdogConfig c, String reason) {
        return new Plan(ENSURE_ROUTER, "rule1", reason, List.of(
                new Step.Start(List.of(c.router().service())),
                new Step.Gate(new GateCheck.RouterAnswers(c.node().ip()), c.thresholds().repairGateDeadline(), Optional.empty(), 0, true)));
    }

    /**
     * Restart exactly the services whose types are missing, then wait (not required) for each to be
     * ACTIVE again. On the secondary (the router is the peer's) the peer's services of those types
     * re-register first, bounded and not required: the first registration of a type becomes MASTER.
     */
    public static Plan repair(WatchdogConfig c, String routerIp, Map<String, String> missingTypeToService, String reason) {
        List<Step> steps = new ArrayList<>();
        if (routerIp.equals(c.peer().ip())) {
            Duration wait = c.thresholds().repairGateDeadline();
            for (String type : missingTypeToService.keySet()) {
                steps.add(new Step.Gate(new GateCheck.RegistryActive(type, routerIp, c.peer().ip()), wait, Optional.empty(), 0, false));
                wait = Duration.ofSeconds(5); // the peer's first type answered or timed out: the rest get a short wait
            }
        }
        steps.add(new Step.Restart(List.copyOf(missingTypeToService.values())));
        missingTypeToService.keySet().forEach(type -> steps.add(new Step.Gate(
                new GateCheck.RegistryActive(type, routerIp, c.node().ip()), c.thresholds().repairGateDeadline(), Optional.empty(), 0, false)));
        return new Plan(REPAIR, "rule2", reason, steps);
    }

    /** A wedged pooler (every backend detached, nothing serves): recreate it, then wait for SELECT 1 through it. */
    public static Plan repairPooler(WatchdogConfig c, String reason) {
        return new Plan(REPAIR, "rule2", reason, List.of(
                new Step.Recreate(List.of(c.compose().poolerService())),
                new Step.Gate(new GateCheck.PoolerAnswers(), c.thresholds().repairGateDeadline(), Optional.empty(), 0, false)));
    }

    /** COMPOSE_PROFILES may list other profiles too: only the HA one is swapped. */
    static Map<String, String> env(WatchdogConfig c, String currentProfiles, String want, String drop, String routerIp) {
        List<String> profiles = new ArrayList<>(Arrays.stream(currentProfiles.split(","))
                .map(String::strip).filter(p -> !p.isEmpty() && !p.equals(want) && !p.equals(drop)).toList());
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
                check = new GateCheck.RegistryActive(r.type(), sub(c, r.routerIp(), routerIp), sub(c, r.nodeIp(), routerIp));
            }
            return new Step.Gate(check, g.deadline(), g.remedy(), g.remedyAttempts(), g.required());
        }
        return s;
    }

    private static String sub(WatchdogConfig c, String v, String routerIp) {
        return v.replace("{router}", routerIp).replace("{self}", c.node().ip()).replace("{peer}", c.peer().ip());
    }
}
