package org.failoverwatchdog.watchdog.rules;

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
        c.plans().promote().forEach(s -> steps.add(resolve(s, c.node().ip(), c.node().ip())));
        return new Plan(PROMOTE, rule, reason, steps);
    }

    public static Plan demote(WatchdogConfig c, String currentProfiles, String rule, String reason) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.SetEnv(env(c, currentProfiles, c.compose().secondaryProfile(), c.compose().primaryProfile(), c.peer().ip())));
        c.plans().demote().forEach(s -> steps.add(resolve(s, c.peer().ip(), c.node().ip())));
        return new Plan(DEMOTE, rule, reason, steps);
    }

    public static Plan ensureRouter(WatchdogConfig c, String reason) {
        return new Plan(ENSURE_ROUTER, "rule1", reason, List.of(
                new Step.Start(List.of(c.router().service())),
                new Step.Gate(new GateCheck.RouterAnswers(c.node().ip()), c.thresholds().repairGateDeadline(), Optional.empty(), 0, true)));
    }

    /** Restart exactly the services whose types are missing, then wait (not required) for each to be ACTIVE again. */
    public static Plan repair(WatchdogConfig c, String routerIp, Map<String, String> missingTypeToService, String reason) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.Restart(List.copyOf(missingTypeToService.values())));
        missingTypeToService.keySet().forEach(type -> steps.add(new Step.Gate(
                new GateCheck.RegistryActive(type, routerIp, c.node().ip()), c.thresholds().repairGateDeadline(), Optional.empty(), 0, false)));
        return new Plan(REPAIR, "rule2", reason, steps);
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

    private static Step resolve(Step s, String routerIp, String selfIp) {
        if (s instanceof Step.Gate g) {
            GateCheck check = g.check();
            if (check instanceof GateCheck.RouterAnswers r) {
                check = new GateCheck.RouterAnswers(sub(r.routerIp(), routerIp, selfIp));
            } else if (check instanceof GateCheck.RegistryActive r) {
                check = new GateCheck.RegistryActive(r.type(), sub(r.routerIp(), routerIp, selfIp), sub(r.nodeIp(), routerIp, selfIp));
            }
            return new Step.Gate(check, g.deadline(), g.remedy(), g.remedyAttempts(), g.required());
        }
        return s;
    }

    private static String sub(String v, String routerIp, String selfIp) {
        return v.replace("{router}", routerIp).replace("{self}", selfIp);
    }
}
