package org.failoverwatchdog.watchdog.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * A pgpool that has detached every backend never serves again by itself (failover_command is empty:
 * repmgr promotes), so it is recreated. Only when both say so: SELECT 1 through it fails now, and
 * Docker's healthcheck marks it unhealthy (several failures in a row: the hysteresis), with the
 * local database observable; not while backing off ({@link RepairBackoff}).
 */
final class PoolerRepair implements Rule {

    @Override
    public Optional<Decision> decide(Situation s) {
        Observations o = s.obs();
        if (!(o.pooler() instanceof Observed.Known<Answer> p) || p.value().ok() || s.db().isEmpty())
            return Optional.empty();
        // Only in a settled world: while the active router is away, Rules 1 and 3 own the node.
        if (!(o.activeRouter().known().orElse(null) instanceof RouterView.Registry))
            return Optional.empty();
        if (!(o.containers() instanceof Observed.Known<Map<String, ContainerState>> k))
            return Optional.empty();
        WatchdogConfig c = s.config();
        String service = c.compose().poolerService();
        ContainerState pool = k.value().get(service);
        if (pool == null || !pool.running() || !"unhealthy".equals(pool.health())) {
            s.note(
                    "pooler does not serve ("
                            + p.value().detail()
                            + ") but Docker reports "
                            + service
                            + " "
                            + (pool == null ? "absent" : pool.describe())
                            + ": not repaired (Docker's healthcheck must call it unhealthy first)");
            return Optional.empty();
        }
        Optional<String> wait = RepairBackoff.why(c, s.state(), service, s.at(), true);
        if (wait.isPresent()) {
            s.note("pooler wedged; " + service + ": " + wait.get());
            return Optional.empty();
        }
        String reason =
                "pooler does not serve ("
                        + p.value().detail()
                        + ") and Docker reports "
                        + service
                        + " unhealthy; the local database is "
                        + s.db().get().role()
                        + ": recreate it";
        return Optional.of(
                s.act(
                        PlanBuilder.repairPooler(c, reason),
                        s.state()
                                .withRepaired(
                                        List.of(service),
                                        s.at(),
                                        c.thresholds().crashLoopWindow())));
    }
}
