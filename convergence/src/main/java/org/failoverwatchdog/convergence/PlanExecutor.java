package org.failoverwatchdog.convergence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.failoverwatchdog.convergence.StepResult.Outcome;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.EnvFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan's steps in order. Acts, never decides: what to do and why comes in the plan.
 *
 * <p>A failed action (compose exit code, Docker error, unreadable .env) or a required gate that
 * finally misses stops the plan (except a failed database fence: the plan goes on, and fails); the
 * steps after it are SKIPPED and the result has succeeded=false. A gate that is not required may
 * miss: it is recorded as GATE_MISSED and the plan goes on (and can still succeed). Each step is
 * idempotent, so a plan killed half-way is finished by running it again.
 *
 * <p>A gate is polled until it passes or its deadline passes. When it misses and it has a remedy,
 * the remedy runs (at most remedyAttempts times) and the gate is polled again with a fresh window
 * (the gate's afterRemedy). The result has one StepResult per plan step; a gate's detail tells its
 * attempts.
 */
public final class PlanExecutor {
    private static final Logger log = LoggerFactory.getLogger(PlanExecutor.class);
    public static final Duration DEFAULT_POLL = Duration.ofMillis(300);

    private final EnvFileWriter env;
    private final Compose compose;
    private final Supplier<? extends ContainerEngine> engine;
    private final Gates gates;
    private final String project;
    private final Duration stopTimeout;
    private final Duration poll;
    private final Optional<DatabaseFence> database;

    /**
     * @param engine the Docker engine, built only when a Restart step runs (see {@link
     *     ContainerEngine#dockerJava})
     * @param project the Compose project name (for Restart's label selection)
     * @param stopTimeout Docker's grace before it kills, for a Restart
     * @param poll how often a gate is checked while it waits
     * @param database the local database's write fence, for DbWrites steps (empty: such a step
     *     fails)
     */
    public PlanExecutor(
            EnvFileWriter env,
            Compose compose,
            Supplier<? extends ContainerEngine> engine,
            Gates gates,
            String project,
            Duration stopTimeout,
            Duration poll,
            Optional<DatabaseFence> database) {
        this.env = Objects.requireNonNull(env);
        this.compose = Objects.requireNonNull(compose);
        this.engine = Objects.requireNonNull(engine);
        this.gates = Objects.requireNonNull(gates);
        this.project = Objects.requireNonNull(project);
        this.stopTimeout = Objects.requireNonNull(stopTimeout);
        if (poll.isNegative() || poll.isZero())
            throw new IllegalArgumentException("poll interval must be positive");
        this.poll = poll;
        this.database = Objects.requireNonNull(database);
    }

    public PlanResult run(Plan plan) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<Step> steps = plan.steps();
        List<StepResult> results = new ArrayList<>();
        log.info(
                "{} ({}): starting {} steps, because {}",
                plan.kind(),
                plan.rule(),
                steps.size(),
                plan.reason());
        boolean stopped = false;
        boolean failedOn = false;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String label = "step " + (i + 1) + "/" + steps.size() + " " + step.describe();
            if (stopped) {
                results.add(
                        new StepResult(
                                step.describe(),
                                Outcome.SKIPPED,
                                Duration.ZERO,
                                "an earlier step failed"));
                log.info("{}: {}: SKIPPED (an earlier step failed)", plan.kind(), label);
                continue;
            }
            long s0 = System.nanoTime();
            StepResult r =
                    step instanceof Step.Gate g ? gate(plan, label, g, s0) : action(step, s0);
            results.add(r);
            if (failedOn
                    && r.outcome() == Outcome.GATE_PASSED
                    && ((Step.Gate) step).check() instanceof GateCheck.LocalDbRole l
                    && l.role() == DbRole.STANDBY) {
                // A standby takes no writes: the database fence that could not be set (the
                // database refused, e.g. restarting to rejoin) is moot once it answers as one.
                failedOn = false;
                log.info(
                        "{}: the database answers as a standby: the fence that failed earlier is not needed ({})",
                        plan.kind(),
                        plan.reason());
            }
            if (r.outcome() == Outcome.FAILED && step instanceof Step.DbWrites w && !w.allowed()) {
                // A fence that cannot reach the database still removes the rest of the writer.
                failedOn = true;
                log.warn(
                        "{}: {}: FAILED in {} ms: {}; the plan goes on: the rest of the fence does not depend on it ({})",
                        plan.kind(),
                        label,
                        r.duration().toMillis(),
                        r.detail(),
                        plan.reason());
            } else if (r.outcome() == Outcome.FAILED
                    || (r.outcome() == Outcome.GATE_MISSED && ((Step.Gate) step).required())) {
                stopped = true;
                log.warn(
                        "{}: {}: {} in {} ms: {}; stopping the plan ({})",
                        plan.kind(),
                        label,
                        r.outcome(),
                        r.duration().toMillis(),
                        r.detail(),
                        plan.reason());
            } else {
                log.info(
                        "{}: {}: {} in {} ms{} ({})",
                        plan.kind(),
                        label,
                        r.outcome(),
                        r.duration().toMillis(),
                        r.detail().isEmpty() ? "" : ": " + r.detail(),
                        plan.reason());
            }
        }
        Duration total = Duration.ofNanos(System.nanoTime() - t0);
        boolean ok = !stopped && !failedOn;
        log.info(
                "{} ({}): {} in {} ms, because {}",
                plan.kind(),
                plan.rule(),
                ok ? "succeeded" : "FAILED",
                total.toMillis(),
                plan.reason());
        return new PlanResult(plan, started, total, results, ok);
    }

    private StepResult action(Step step, long s0) {
        try {
            String detail = act(step);
            return new StepResult(step.describe(), Outcome.DONE, since(s0), detail);
        } catch (ActionException | EnvFileException | java.io.IOException | RuntimeException e) {
            return new StepResult(step.describe(), Outcome.FAILED, since(s0), message(e));
        }
    }

    /** Performs one action step; returns a short detail for the journal. */
    private String act(Step step) throws ActionException, EnvFileException, java.io.IOException {
        if (step instanceof Step.SetEnv s) {
            return env.apply(s.values()) ? "written" : "already set";
        }
        if (step instanceof Step.Start s) {
            compose.up(s.services(), false);
            return "";
        }
        if (step instanceof Step.Recreate s) {
            compose.up(s.services(), true);
            return "";
        }
        if (step instanceof Step.Remove s) {
            compose.remove(s.services());
            return "";
        }
        if (step instanceof Step.Restart s) {
            ContainerEngine e = engine.get();
            for (String service : s.services()) e.restart(project, service, stopTimeout);
            return "";
        }
        if (step instanceof Step.DbWrites w) {
            return database.orElseThrow(() -> new ActionException("no local database to fence"))
                    .setWritable(w.allowed());
        }
        if (step instanceof Step.Run r) {
            CommandRunner.Outcome out =
                    CommandRunner.run(
                            List.of("/bin/sh", "-c", r.command()),
                            null,
                            java.util.Map.of(),
                            r.timeout());
            if (out.timedOut())
                throw new ActionException(
                        "killed after " + r.timeout().toSeconds() + " s: " + out.tail());
            if (out.exitCode() != 0)
                throw new ActionException("exit " + out.exitCode() + ": " + out.tail());
            return out.tail();
        }
        throw new IllegalArgumentException("not an action: " + step.describe());
    }

    private StepResult gate(Plan plan, String label, Step.Gate g, long s0) {
        StringBuilder detail = new StringBuilder();
        int remedies = 0;
        while (true) {
            long w0 = System.nanoTime();
            Answer a;
            try {
                a = await(g.check(), remedies == 0 ? g.deadline() : g.afterRemedy());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new StepResult(
                        g.describe(), Outcome.FAILED, since(s0), detail + "interrupted");
            }
            long waited = (System.nanoTime() - w0) / 1_000_000;
            if (a.ok()) {
                detail.append("passed after ").append(waited).append(" ms");
                return new StepResult(
                        g.describe(), Outcome.GATE_PASSED, since(s0), detail.toString());
            }
            detail.append("missed after ")
                    .append(waited)
                    .append(" ms (")
                    .append(a.detail())
                    .append(")");
            if (g.remedy().isEmpty() || remedies >= g.remedyAttempts()) {
                return new StepResult(
                        g.describe(), Outcome.GATE_MISSED, since(s0), detail.toString());
            }
            Step remedy = g.remedy().get();
            remedies++;
            log.warn(
                    "{}: {}: missed ({}); remedy {}/{}: {} ({})",
                    plan.kind(),
                    label,
                    a.detail(),
                    remedies,
                    g.remedyAttempts(),
                    remedy.describe(),
                    plan.reason());
            if (remedy instanceof Step.Gate) {
                detail.append("; a remedy must be an action, not a gate");
                return new StepResult(g.describe(), Outcome.FAILED, since(s0), detail.toString());
            }
            StepResult r = action(remedy, System.nanoTime());
            detail.append("; remedy ")
                    .append(remedy.describe())
                    .append(' ')
                    .append(r.outcome())
                    .append(" in ")
                    .append(r.duration().toMillis())
                    .append(" ms");
            if (r.outcome() == Outcome.FAILED) {
                detail.append(": ").append(r.detail());
                return new StepResult(g.describe(), Outcome.FAILED, since(s0), detail.toString());
            }
            detail.append("; ");
        }
    }

    /** Checks until the answer is yes or the deadline passes; always checks at least once. */
    private Answer await(GateCheck check, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Answer a = safeCheck(check);
            long left = end - System.nanoTime();
            if (a.ok() || left <= 0) return a;
            Thread.sleep(Math.max(1, Math.min(poll.toMillis(), left / 1_000_000)));
        }
    }

    private Answer safeCheck(GateCheck check) {
        try {
            Answer a = gates.check(check);
            return a != null ? a : Answer.no("no answer");
        } catch (RuntimeException e) {
            // Gates promise not to throw; if one does anyway, it is a gate that has not passed.
            return Answer.no("check failed: " + e);
        }
    }

    private static Duration since(long s0) {
        return Duration.ofNanos(System.nanoTime() - s0);
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
