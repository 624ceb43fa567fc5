package org.failoverwatchdog.watchdog.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * Rule 2, registry repair: the types this node must have registered that the active router does not
 * list (it restarted empty) get exactly their services restarted. Not a service that started less
 * than repair_grace ago, unless {@link Registrations} saw that very container registered (it
 * registers once: missing now means lost, not late); not while backing off ({@link RepairBackoff}).
 *
 * <p>The same plan restarts services Docker keeps running but reports unhealthy (a DB pool broken
 * for good at start): restart policies never act on them.
 */
final class RegistryRepair implements Rule {

    @Override
    public Optional<Decision> decide(Situation s) {
        Observations o = s.obs();
        WatchdogConfig c = s.config();
        if (!(o.activeRouter().known().orElse(null) instanceof RouterView.Registry reg))
            return Optional.empty();
        String self = c.node().ip();
        Map<String, String> missing = new LinkedHashMap<>();
        c.router().serviceTypes().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .filter(e -> !reg.has(e.getKey(), self))
                .forEach(e -> missing.put(e.getKey(), e.getValue()));
        if (!(o.containers() instanceof Observed.Known<Map<String, ContainerState>> k)) {
            if (!missing.isEmpty())
                s.note(
                        "registry lacks "
                                + missing.keySet()
                                + " but containers are UNKNOWN ("
                                + o.containers().describe()
                                + "): Rule 2 waits");
            return Optional.empty();
        }
        Map<String, String> sick = unhealthy(s, k.value());
        if (missing.isEmpty() && sick.isEmpty()) return Optional.empty();
        Map<String, String> restart = new LinkedHashMap<>();
        // Every type of this node gone at once: the registry lost them itself (a router that
        // restarted
        // empty). Its restarts are not the services' crash loop: only a failed repair backs off.
        boolean routerLostAll = missing.size() == c.router().serviceTypes().size();
        for (Map.Entry<String, String> e : missing.entrySet()) {
            ContainerState cs = k.value().get(e.getValue());
            Optional<String> wait =
                    RepairBackoff.why(c, s.state(), e.getValue(), s.at(), !routerLostAll);
            if (cs == null || !cs.running()) {
                s.note(
                        e.getKey()
                                + " missing from the registry; its service "
                                + e.getValue()
                                + " is "
                                + (cs == null ? "not created" : cs.status())
                                + ": Docker or a plan must start it first");
            } else if (!Registrations.seen(s.state(), e.getValue(), cs)
                    && youngerThanGrace(s, cs)) {
                s.note(
                        e.getKey()
                                + " missing; "
                                + e.getValue()
                                + " started "
                                + Duration.between(cs.startedAt(), s.at()).toSeconds()
                                + " s ago and may still be registering (repair_grace)");
            } else if (wait.isPresent()) {
                s.note(e.getKey() + " missing; " + e.getValue() + ": " + wait.get());
            } else {
                restart.put(e.getKey(), e.getValue());
            }
        }
        List<String> why = new ArrayList<>();
        if (!restart.isEmpty())
            why.add(
                    "router "
                            + s.routerIp()
                            + " lists no "
                            + String.join(", ", restart.keySet())
                            + " from this node (registry lost them: router restarted empty?)");
        sick.forEach(
                (type, svc) -> {
                    if (restart.putIfAbsent(type, svc) == null)
                        why.add(
                                "Docker reports "
                                        + svc
                                        + " unhealthy (restart policies do not act on unhealthy)");
                });
        if (restart.isEmpty()) return Optional.empty();
        Plan plan = PlanBuilder.repair(c, s.routerIp(), restart, String.join("; ", why));
        return Optional.of(
                s.act(
                        plan,
                        s.state()
                                .withRepaired(
                                        restart.values(),
                                        s.at(),
                                        c.thresholds().crashLoopWindow())));
    }

    /**
     * Services Docker reports unhealthy that are due a restart: only while the pooler serves (they
     * would break again), once older than repair_grace, not while backing off; type -> service.
     */
    private static Map<String, String> unhealthy(
            Situation s, Map<String, ContainerState> containers) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!s.obs().pooler().known().map(Answer::ok).orElse(false)) return out;
        s.config().router().serviceTypes().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e -> {
                            ContainerState cs = containers.get(e.getValue());
                            if (cs == null || !cs.running() || !"unhealthy".equals(cs.health()))
                                return;
                            Optional<String> wait =
                                    RepairBackoff.why(
                                            s.config(), s.state(), e.getValue(), s.at(), true);
                            if (youngerThanGrace(s, cs)) {
                                s.note(
                                        e.getValue()
                                                + " is unhealthy but started less than repair_grace ago");
                            } else if (wait.isPresent()) {
                                s.note(e.getValue() + " is unhealthy; " + wait.get());
                            } else {
                                out.put(e.getKey(), e.getValue());
                            }
                        });
        return out;
    }

    private static boolean youngerThanGrace(Situation s, ContainerState cs) {
        return Elapsed.lessThan(cs.startedAt(), s.at(), s.config().thresholds().repairGrace());
    }
}
