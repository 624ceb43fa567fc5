package org.failoverwatchdog.watchdog.tick;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.failoverwatchdog.convergence.ComposeCli;
import org.failoverwatchdog.convergence.ContainerEngine;
import org.failoverwatchdog.convergence.DatabaseFence;
import org.failoverwatchdog.convergence.EnvFileWriter;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.Lazy;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanExecutor;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.convergence.ProbeGates;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.Decision;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.rules.PlanBuilder;
import org.failoverwatchdog.watchdog.rules.Rules;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick: observe, decide, act. The state (with the plan marked pending) is saved before acting,
 * so a tick killed half-way leaves the next tick what it needs to finish the job.
 */
public final class Tick {
    private static final Logger log = LoggerFactory.getLogger(Tick.class);
    private final WatchdogConfig c;
    private final StateStore store;
    private final Observer observer;

    public Tick(WatchdogConfig c) {
        this.c = c;
        this.store = new StateStore(c.stateDir());
        this.observer = new Observer(c);
    }

    /** @return the process exit code: 0 done or nothing to do, 1 an action failed, 2 bad state file or no lock dir */
    public int run() throws IOException {
        return run(Optional.empty());
    }

    /** @param peerSeen the guard's connect to the peer's host just before this tick (see {@link Observer#observe(WatchdogState, Optional)}) */
    public int run(Optional<Observed<Reach>> peerSeen) throws IOException {
        Optional<TickLock> lock = TickLock.tryAcquire(c.stateDir());
        if (lock.isEmpty()) {
            log.info("another tick holds {}; this one does nothing", c.stateDir().resolve("tick.lock"));
            return 0;
        }
        try (TickLock held = lock.get()) {
            WatchdogState state;
            try {
                state = store.load();
            } catch (StateStore.CorruptStateException e) {
                log.error("no action: {}", e.getMessage());
                return 2;
            }
            Observations obs = observer.observe(state, peerSeen);
            Decision d = new Rules(c).decide(obs, state);
            d.notes().forEach(n -> log.info("{}", n));
            if (d.plan().isEmpty()) {
                if (!d.next().equals(state)) store.save(d.next());
                return 0;
            }
            Plan plan = d.plan().get();
            store.save(d.next());
            Lazy<ContainerEngine> engine = ContainerEngine.dockerJava(c.dockerHost(), Duration.ofSeconds(30));
            PlanResult result;
            try {
                result = executor(engine).run(plan);
            } finally {
                // The guard runs ticks in one long-lived process: a Docker client a plan built is closed.
                if (engine.initialized() && engine.get() instanceof java.io.Closeable closeable) closeable.close();
            }
            new Journal(c.stateDir().resolve("journal.jsonl")).append(result, c.node().name());
            WatchdogState after = d.next();
            boolean resumable = java.util.Set.of(PlanBuilder.PROMOTE, PlanBuilder.DEMOTE, PlanBuilder.UNFENCE, PlanBuilder.REJOIN).contains(plan.kind());
            if (result.succeeded() || !resumable) after = after.withPending(Optional.empty());
            if (!result.succeeded()) after = after.withRepairsFailed(obs.at()); // a failed repair backs off
            store.save(after);
            log.info("{} ({}) {} in {} ms", plan.kind(), plan.rule(), result.succeeded() ? "succeeded" : "FAILED", result.duration().toMillis());
            return result.succeeded() ? 0 : 1;
        }
    }

    private PlanExecutor executor(Lazy<ContainerEngine> engine) {
        ComposeCli compose = new ComposeCli(c.compose().projectDir(), c.compose().projectName(), c.compose().envFile(), Duration.ofMinutes(3));
        ProbeGates gates = new ProbeGates(observer.postgresProbe(), c.postgres().pooler(), observer.routerProbe(), c.router().statusUrl(),
                observer.containerProbe(), c.compose().projectName(), c.postgres().local());
        return new PlanExecutor(new EnvFileWriter(c.compose().envFile()), compose,
                engine, gates, c.compose().projectName(), Duration.ofSeconds(10),
                PlanExecutor.DEFAULT_POLL, Optional.of(new DatabaseFence(c.postgres().local(), c.thresholds().probeTimeout())));
    }
}
