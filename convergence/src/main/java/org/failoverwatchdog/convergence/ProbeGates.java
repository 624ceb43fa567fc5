package org.failoverwatchdog.convergence;

import java.util.Map;
import java.util.Objects;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.Conninfo;
import org.failoverwatchdog.probes.ContainerProbe;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PostgresProbe;
import org.failoverwatchdog.probes.RouterProbe;
import org.failoverwatchdog.probes.RouterView;

/**
 * Gates observed through the probes module. An UNKNOWN observation is a gate that has not passed.
 */
public final class ProbeGates implements Gates {
    private final PostgresProbe postgres;
    private final Conninfo pooler;
    private final Conninfo local;
    private final RouterProbe router;
    private final String routerUrlTemplate;
    private final ContainerProbe containers;
    private final String project;

    /**
     * @param pooler conninfo of the local pooler (pgpool), for SELECT 1
     * @param routerUrlTemplate the status URL with {ip}, e.g. "http://{ip}:9000/router/rest/status"
     * @param project the Compose project whose containers ContainerHealthy looks at
     * @param local conninfo of the local PostgreSQL, for LocalDbRole
     */
    public ProbeGates(
            PostgresProbe postgres,
            Conninfo pooler,
            RouterProbe router,
            String routerUrlTemplate,
            ContainerProbe containers,
            String project,
            Conninfo local) {
        if (!routerUrlTemplate.contains("{ip}")) {
            throw new IllegalArgumentException(
                    "router URL template '" + routerUrlTemplate + "' has no {ip}");
        }
        this.postgres = postgres;
        this.pooler = pooler;
        this.local = Objects.requireNonNull(local);
        this.router = router;
        this.routerUrlTemplate = routerUrlTemplate;
        this.containers = containers;
        this.project = Objects.requireNonNull(project);
    }

    @Override
    public Answer check(GateCheck check) {
        try {
            if (check instanceof GateCheck.PoolerAnswers) return pooler();
            if (check instanceof GateCheck.RouterAnswers r) return routerAnswers(r.routerIp());
            if (check instanceof GateCheck.RegistryActive r) return registryActive(r);
            if (check instanceof GateCheck.ContainerHealthy c) return containerHealthy(c.service());
            if (check instanceof GateCheck.LocalDbRole r) return localRole(r.role());
            return Answer.no("unsupported gate " + check.describe());
        } catch (RuntimeException e) {
            return Answer.no("could not check " + check.describe() + ": " + e);
        }
    }

    private Answer pooler() {
        Observed<Answer> o = postgres.selectOne(pooler);
        return o.known().orElseGet(() -> unknown(o));
    }

    private Answer localRole(DbRole want) {
        Observed<DbState> o = postgres.role(local);
        if (o.known().isEmpty()) return unknown(o);
        DbState d = o.known().get();
        return d.role() == want
                ? Answer.yes(d.role() + " on timeline " + d.timeline())
                : Answer.no("is " + d.role());
    }

    private Answer routerAnswers(String ip) {
        Observed<RouterView> o = router.observe(url(ip));
        if (o.known().isEmpty()) return unknown(o);
        RouterView v = o.known().get();
        if (v instanceof RouterView.Registry reg)
            return Answer.yes(reg.entries().size() + " registered");
        return Answer.no("unreachable: " + ((RouterView.Unreachable) v).reason());
    }

    private Answer registryActive(GateCheck.RegistryActive g) {
        Observed<RouterView> o = router.observe(url(g.routerIp()));
        if (o.known().isEmpty()) return unknown(o);
        RouterView v = o.known().get();
        if (v instanceof RouterView.Unreachable u)
            return Answer.no("router unreachable: " + u.reason());
        RouterView.Registry reg = (RouterView.Registry) v;
        if (reg.hasActive(g.type(), g.nodeIp())) return Answer.yes("ACTIVE");
        if (reg.has(g.type(), g.nodeIp())) return Answer.no("registered, not ACTIVE yet");
        return Answer.no("not registered");
    }

    private Answer containerHealthy(String service) {
        Observed<Map<String, ContainerState>> o = containers.observe(project);
        if (o.known().isEmpty()) return unknown(o);
        ContainerState c = o.known().get().get(service);
        if (c == null) return Answer.no("no container");
        return c.healthy() ? Answer.yes(c.describe()) : Answer.no(c.describe());
    }

    String url(String ip) {
        // An IPv6 literal needs brackets inside a URL.
        return routerUrlTemplate.replace(
                "{ip}", ip.contains(":") && !ip.startsWith("[") ? "[" + ip + "]" : ip);
    }

    private static Answer unknown(Observed<?> o) {
        return Answer.no(o.describe());
    }
}
