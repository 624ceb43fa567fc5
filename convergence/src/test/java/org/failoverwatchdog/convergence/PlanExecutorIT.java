package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.failoverwatchdog.convergence.StepResult.Outcome;
import org.failoverwatchdog.probes.Conninfo;
import org.failoverwatchdog.probes.JeremyRouterAdapter;
import org.failoverwatchdog.probes.PostgresProbe;
import org.failoverwatchdog.probes.RouterProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole plans on the real engine: Compose, docker-java, and gates read through the probes. */
class PlanExecutorIT {
    @TempDir Path dir;
    private DockerFixture fx;
    private final AtomicInteger restarts = new AtomicInteger();
    private Lazy<ContainerEngine> docker;

    @BeforeEach
    void project() throws Exception {
        fx = new DockerFixture(dir);
        docker = ContainerEngine.dockerJava(DockerFixture.DOCKER_HOST, Duration.ofSeconds(10));
    }

    @AfterEach
    void cleanup() throws Exception {
        if (docker.initialized()) ((DockerJavaEngine) docker.get()).close();
        fx.close();
    }

    private PlanExecutor executor() {
        ContainerEngine counting =
                (project, service, stopTimeout) -> {
                    restarts.incrementAndGet();
                    docker.get().restart(project, service, stopTimeout);
                };
        // Pooler and router are not used by these plans; they point at nothing on loopback.
        ProbeGates gates =
                new ProbeGates(
                        new PostgresProbe(Duration.ofSeconds(1)),
                        Conninfo.parse("host=127.0.0.1 port=1"),
                        new RouterProbe(Duration.ofSeconds(1), new JeremyRouterAdapter()),
                        "http://{ip}:1/router/rest/status",
                        fx.probe,
                        fx.project,
                        Conninfo.parse("host=127.0.0.1 port=1"));
        return new PlanExecutor(
                new EnvFileWriter(fx.envFile),
                fx.compose(),
                () -> counting,
                gates,
                fx.project,
                Duration.ofSeconds(2),
                PlanExecutor.DEFAULT_POLL,
                Optional.empty());
    }

    private static long passedAfterMs(String detail) {
        Matcher m = Pattern.compile("passed after (\\d+) ms").matcher(detail);
        assertTrue(m.find(), detail);
        return Long.parseLong(m.group(1));
    }

    @Test
    void aHealthGateWaitsForTheHealthcheck() throws Exception {
        Plan plan =
                new Plan(
                        PlanKind.PROMOTE,
                        RuleName.RULE1,
                        "test: slowhealthy must be healthy before the next step",
                        List.of(
                                new Step.SetEnv(Map.of("COMPOSE_PROFILES", "ha-primary")),
                                new Step.Start(List.of("slowhealthy")),
                                new Step.Gate(
                                        new GateCheck.ContainerHealthy("slowhealthy"),
                                        Duration.ofSeconds(30),
                                        Optional.empty(),
                                        0,
                                        true),
                                new Step.Start(List.of("plain"))));
        PlanResult r = executor().run(plan);
        assertTrue(r.succeeded(), r.toString());
        assertEquals(
                List.of(Outcome.DONE, Outcome.DONE, Outcome.GATE_PASSED, Outcome.DONE),
                r.steps().stream().map(StepResult::outcome).toList());
        // The service sleeps 3 s before it is ready and Docker checks every second: the gate waited
        // for that.
        assertTrue(passedAfterMs(r.steps().get(2).detail()) >= 2000, r.steps().get(2).detail());
        assertEquals("healthy", fx.state("slowhealthy").health());
        Instant plainStarted = fx.startedAt("plain");
        Instant gatePassed =
                r.started()
                        .plus(r.steps().get(0).duration())
                        .plus(r.steps().get(1).duration())
                        .plus(r.steps().get(2).duration());
        assertFalse(
                plainStarted.isBefore(gatePassed.minusMillis(500)),
                "plain started after the gate, not before");
        assertEquals(0, restarts.get());
        assertFalse(docker.initialized(), "no Restart ran: docker-java was never built");

        // A journal line for it, read back.
        Journal journal = new Journal(dir.resolve("journal/history.jsonl"));
        journal.append(r, "node-a");
        assertEquals("GATE_PASSED", journal.read().get(0).steps().get(2).outcome());
    }

    @Test
    void aMissedGateRunsItsRemedyOnceAndThenPasses() throws Exception {
        Plan plan =
                new Plan(
                        PlanKind.REPAIR,
                        RuleName.RULE2,
                        "test: healsonrestart is healthy only after a restart",
                        List.of(
                                new Step.Start(List.of("healsonrestart")),
                                new Step.Gate(
                                        new GateCheck.ContainerHealthy("healsonrestart"),
                                        Duration.ofSeconds(4),
                                        Optional.of(new Step.Restart(List.of("healsonrestart"))),
                                        2,
                                        true)));
        PlanResult r = executor().run(plan);
        Instant firstStart = r.started();
        assertTrue(r.succeeded(), r.toString());
        StepResult gate = r.steps().get(1);
        assertEquals(Outcome.GATE_PASSED, gate.outcome());
        assertEquals(
                1,
                restarts.get(),
                "remedy ran once: it helped, so the second attempt was not needed");
        assertTrue(gate.detail().startsWith("missed after"), gate.detail());
        assertTrue(gate.detail().contains("remedy restart healsonrestart DONE"), gate.detail());
        assertTrue(gate.duration().toMillis() >= 4000, "the first window was waited out");
        assertTrue(
                fx.startedAt("healsonrestart").isAfter(firstStart.plusSeconds(3)),
                "restarted after the first window");
        assertEquals("healthy", fx.state("healsonrestart").health());
    }

    @Test
    void aGateThatNeverPassesStopsThePlanAfterItsRemedy() throws Exception {
        Plan plan =
                new Plan(
                        PlanKind.REPAIR,
                        RuleName.RULE2,
                        "test: slowhealthy cannot be healthy within 1 s",
                        List.of(
                                new Step.Start(List.of("slowhealthy")),
                                new Step.Gate(
                                        new GateCheck.ContainerHealthy("slowhealthy"),
                                        Duration.ofSeconds(1),
                                        Optional.of(new Step.Restart(List.of("slowhealthy"))),
                                        1,
                                        true),
                                new Step.Start(List.of("plain"))));
        PlanResult r = executor().run(plan);
        assertFalse(r.succeeded());
        assertEquals(1, restarts.get());
        assertEquals(Outcome.GATE_MISSED, r.steps().get(1).outcome());
        assertEquals(Outcome.SKIPPED, r.steps().get(2).outcome());
        assertEquals(null, fx.state("plain"), "the step after the missed gate did not run");
    }
}
