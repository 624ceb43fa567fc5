package org.failoverwatchdog.watchdog.tick;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;
import org.failoverwatchdog.convergence.ComposeCli;
import org.failoverwatchdog.convergence.ContainerEngine;
import org.failoverwatchdog.convergence.DatabaseFence;
import org.failoverwatchdog.convergence.EnvFileWriter;
import org.failoverwatchdog.convergence.Lazy;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanExecutor;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.convergence.ProbeGates;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * Runs a plan on this node: the .env, the Compose project, Docker, the local database's write
 * fence, with gates observed through the tick's own probes and the config's timeouts.
 */
final class NodePlanRunner implements PlanRunner {
    private final WatchdogConfig c;
    private final Observer observer;

    NodePlanRunner(WatchdogConfig c, Observer observer) {
        this.c = c;
        this.observer = observer;
    }

    @Override
    public PlanResult run(Plan plan) throws IOException {
        // Built only if a step needs Docker's API (a quiet tick never loads docker-java).
        Lazy<ContainerEngine> engine =
                ContainerEngine.dockerJava(c.dockerHost(), c.timeouts().dockerApi());
        try {
            return executor(engine).run(plan);
        } finally {
            // The guard runs ticks in one long-lived process: a Docker client a plan built is
            // closed.
            if (engine.initialized() && engine.get() instanceof Closeable closeable)
                closeable.close();
        }
    }

    private PlanExecutor executor(Lazy<ContainerEngine> engine) {
        WatchdogConfig.Timeouts t = c.timeouts();
        ComposeCli compose =
                new ComposeCli(
                        c.compose().projectDir(),
                        c.compose().projectName(),
                        c.compose().envFile(),
                        t.compose());
        ProbeGates gates =
                new ProbeGates(
                        observer.postgresProbe(),
                        c.postgres().pooler(),
                        observer.routerProbe(),
                        c.router().statusUrl(),
                        observer.containerProbe(),
                        c.compose().projectName(),
                        c.postgres().local());
        return new PlanExecutor(
                new EnvFileWriter(c.compose().envFile()),
                compose,
                engine,
                gates,
                c.compose().projectName(),
                t.stopGrace(),
                t.gatePoll(),
                Optional.of(
                        new DatabaseFence(c.postgres().local(), c.thresholds().probeTimeout())));
    }
}
