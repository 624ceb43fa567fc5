package org.failoverwatchdog.watchdog.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.failoverwatchdog.configyaml.YamlNode;
import org.failoverwatchdog.convergence.GateCheck;
import org.failoverwatchdog.convergence.Step;

/**
 * Reads the promote/demote plans: ordered steps, each one of {@code start|recreate|restart|remove:
 * [services]} or {@code gate: pooler|router_answers|registry_active|healthy} with deadline, remedy,
 * remedy_attempts, remedy_deadline (how long it waits after a remedy; default: deadline), required.
 * Gates about the router refer to it as {router}, to this node as {self} and to the peer as {peer}
 * ({@code node: peer} on registry_active); the plan builder fills them in.
 */
final class PlanParser {
    static final String ROUTER = "{router}";
    static final String SELF = "{self}";
    static final String PEER = "{peer}";
    private static final Set<String> ACTIONS = Set.of("start", "recreate", "restart", "remove");

    private PlanParser() {}

    static WatchdogConfig.Plans plans(YamlNode<ConfigException> n, WatchdogConfig.Plans defaults)
            throws ConfigException {
        n.allowOnly(Set.of("promote", "demote"));
        List<Step> promote =
                n.opt("promote").isPresent() ? steps(n.req("promote", "")) : defaults.promote();
        List<Step> demote =
                n.opt("demote").isPresent() ? steps(n.req("demote", "")) : defaults.demote();
        return new WatchdogConfig.Plans(promote, demote);
    }

    private static List<Step> steps(YamlNode<ConfigException> list) throws ConfigException {
        List<Step> out = new ArrayList<>();
        for (YamlNode<ConfigException> s : list.list()) out.add(step(s));
        if (out.isEmpty())
            throw list.error(
                    "the plan has no steps",
                    "list its steps, or leave the plan out to use the reference sequence");
        return List.copyOf(out);
    }

    private static Step step(YamlNode<ConfigException> s) throws ConfigException {
        Set<String> keys = s.keys();
        if (keys.contains("gate")) return gate(s);
        List<String> action = keys.stream().filter(ACTIONS::contains).toList();
        if (action.size() != 1 || keys.size() != 1) {
            throw s.error(
                    "a step is one of start, recreate, restart, remove (with a list of services) or gate",
                    "write e.g. '- start: [dataservice]'");
        }
        return action(action.get(0), s.req(action.get(0), "").strings("service"));
    }

    private static Step action(String verb, List<String> services) {
        return switch (verb) {
            case "start" -> new Step.Start(services);
            case "recreate" -> new Step.Recreate(services);
            case "restart" -> new Step.Restart(services);
            default -> new Step.Remove(services);
        };
    }

    private static Step gate(YamlNode<ConfigException> s) throws ConfigException {
        s.allowOnly(
                Set.of(
                        "gate",
                        "type",
                        "node",
                        "service",
                        "deadline",
                        "remedy",
                        "remedy_attempts",
                        "remedy_deadline",
                        "required"));
        YamlNode<ConfigException> kind = s.req("gate", "");
        GateCheck check =
                switch (kind.string()) {
                    case "pooler" -> new GateCheck.PoolerAnswers();
                    case "router_answers" -> new GateCheck.RouterAnswers(ROUTER);
                    case "registry_active" ->
                            new GateCheck.RegistryActive(
                                    s.req("type", "add type: <registry type, e.g. EDGE>").string(),
                                    ROUTER,
                                    whose(s));
                    case "healthy" ->
                            new GateCheck.ContainerHealthy(
                                    s.req("service", "add service: <Compose service>").string());
                    default ->
                            throw kind.error(
                                    "unknown gate '" + kind.string() + "'",
                                    "use pooler, router_answers, registry_active or healthy");
                };
        if (!"registry_active".equals(kind.string()) && s.opt("node").isPresent()) {
            throw s.req("node", "")
                    .error("only a registry_active gate names a node", "remove node:");
        }
        Duration deadline =
                s.req("deadline", "add deadline: <how long to wait, e.g. 20s>")
                        .duration(Duration.ofMillis(100), Duration.ofMinutes(10));
        Optional<Step> remedy = Optional.empty();
        if (s.opt("remedy").isPresent()) {
            YamlNode<ConfigException> r = s.req("remedy", "");
            Step st = step(r);
            if (st instanceof Step.Gate)
                throw r.error("a remedy cannot be a gate", "use restart, recreate or start");
            remedy = Optional.of(st);
        }
        int attempts =
                s.opt("remedy_attempts").isPresent()
                        ? s.req("remedy_attempts", "").integer(0, 10)
                        : remedy.isPresent() ? 1 : 0;
        boolean required = s.opt("required").isEmpty() || s.req("required", "").bool();
        if (s.opt("remedy_deadline").isPresent() && remedy.isEmpty()) {
            throw s.req("remedy_deadline", "")
                    .error(
                            "remedy_deadline without a remedy",
                            "add remedy: or remove remedy_deadline:");
        }
        Duration afterRemedy =
                s.opt("remedy_deadline").isPresent()
                        ? s.req("remedy_deadline", "")
                                .duration(Duration.ofMillis(100), Duration.ofMinutes(10))
                        : deadline;
        return new Step.Gate(check, deadline, remedy, attempts, required, afterRemedy);
    }

    /** registry_active's node: self (default) or peer. */
    private static String whose(YamlNode<ConfigException> s) throws ConfigException {
        if (s.opt("node").isEmpty()) return SELF;
        YamlNode<ConfigException> n = s.req("node", "");
        return switch (n.string()) {
            case "self" -> SELF;
            case "peer" -> PEER;
            default -> throw n.error("'" + n.string() + "' is not a node", "use self or peer");
        };
    }
}
