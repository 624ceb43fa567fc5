package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.failoverwatchdog.convergence.StepResult.Outcome;
import org.failoverwatchdog.probes.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordering, remedy and abort logic only, with fakes that record what they were asked to do. */
class PlanExecutorTest {
    private static final Duration SHORT = Duration.ofMillis(120);

    @TempDir Path dir;

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private Path envFile;
    private Function<GateCheck, Answer> gateAnswer = c -> Answer.yes("fake");
    private String failCompose; // compose fails for a call starting with this
    private String failRestart;
    private final AtomicInteger enginesBuilt = new AtomicInteger();

    private final Compose compose =
            new Compose() {
                @Override
                public void up(List<String> services, boolean forceRecreate)
                        throws ActionException {
                    record((forceRecreate ? "recreate " : "up ") + String.join(",", services));
                }

                @Override
                public void remove(List<String> services) throws ActionException {
                    record("remove " + String.join(",", services));
                }

                private void record(String call) throws ActionException {
                    calls.add(call);
                    if (failCompose != null && call.startsWith(failCompose))
                        throw new ActionException(call + " exited 1: boom");
                }
            };

    private final ContainerEngine engine =
            (project, service, stopTimeout) -> {
                calls.add("restart " + project + "/" + service);
                if (service.equals(failRestart))
                    throw new ActionException("no container of service " + service);
            };

    private final Gates gates =
            check -> {
                calls.add("gate " + check.describe());
                return gateAnswer.apply(check);
            };

    @BeforeEach
    void env() throws Exception {
        envFile = dir.resolve(".env");
        Files.writeString(
                envFile, "# node state\nCOMPOSE_PROFILES=ha-secondary\nHA_ROUTER_IP=10.0.0.2\n");
    }

    private PlanExecutor executor() {
        return new PlanExecutor(
                new EnvFileWriter(envFile),
                compose,
                Lazy.of(
                        () -> {
                            enginesBuilt.incrementAndGet();
                            return engine;
                        }),
                gates,
                "stack",
                Duration.ofSeconds(5),
                Duration.ofMillis(10),
                Optional.empty());
    }

    private static Step.Gate gate(GateCheck check, Step remedy, int attempts, boolean required) {
        return new Step.Gate(check, SHORT, Optional.ofNullable(remedy), attempts, required);
    }

    private static final GateCheck EDGE_ACTIVE =
            new GateCheck.RegistryActive("EDGE", "10.0.0.1", "10.0.0.1");

    private static Plan promote() {
        return new Plan(
                PlanKind.PROMOTE,
                RuleName.RULE1,
                "local DB is primary, profile is ha-secondary",
                List.of(
                        new Step.SetEnv(
                                Map.of(
                                        "COMPOSE_PROFILES",
                                        "ha-primary",
                                        "HA_ROUTER_IP",
                                        "10.0.0.1")),
                        new Step.Recreate(List.of("pgpool")),
                        gate(new GateCheck.PoolerAnswers(), null, 0, true),
                        new Step.Start(List.of("dataservice")),
                        new Step.Start(List.of("gateway", "bastion")),
                        new Step.Start(List.of("edge")),
                        gate(EDGE_ACTIVE, new Step.Restart(List.of("edge")), 1, true),
                        new Step.Start(List.of("ui", "haproxy"))));
    }

    private static List<Outcome> outcomes(PlanResult r) {
        return r.steps().stream().map(StepResult::outcome).toList();
    }

    @Test
    void aFenceWhoseDatabaseCannotBeReachedStillRemovesTheAppLayerAndFails() throws Exception {
        int closed;
        try (java.net.ServerSocket ss =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = ss.getLocalPort();
        }
        DatabaseFence unreachable =
                new DatabaseFence(
                        org.failoverwatchdog.probes.Conninfo.parse(
                                "host=127.0.0.1 port=" + closed + " user=watchdog"),
                        Duration.ofSeconds(1));
        PlanExecutor x =
                new PlanExecutor(
                        new EnvFileWriter(envFile),
                        compose,
                        Lazy.of(() -> engine),
                        gates,
                        "stack",
                        Duration.ofSeconds(5),
                        Duration.ofMillis(10),
                        Optional.of(unreachable));
        PlanResult r =
                x.run(
                        new Plan(
                                PlanKind.FENCE,
                                RuleName.FENCE,
                                "cut off",
                                List.of(
                                        new Step.DbWrites(false),
                                        new Step.Remove(List.of("router", "haproxy")))));
        assertEquals(List.of(Outcome.FAILED, Outcome.DONE), outcomes(r));
        assertEquals(
                List.of("remove router,haproxy"),
                calls,
                "the router and the LB's health path go even so");
        assertFalse(r.succeeded(), "the fence is not whole: the next tick fences again");
        r =
                x.run(
                        new Plan(
                                PlanKind.REJOIN,
                                RuleName.FENCE,
                                "stale primary",
                                List.of(
                                        new Step.DbWrites(false),
                                        new Step.Remove(List.of("router")),
                                        gate(
                                                new GateCheck.LocalDbRole(
                                                        org.failoverwatchdog.probes.DbRole.STANDBY),
                                                null,
                                                0,
                                                true))));
        assertEquals(List.of(Outcome.FAILED, Outcome.DONE, Outcome.GATE_PASSED), outcomes(r));
        assertTrue(
                r.succeeded(),
                "a database that answers as a standby takes no writes: the failed fence is moot");
        r =
                x.run(
                        new Plan(
                                PlanKind.UNFENCE,
                                RuleName.FENCE,
                                "peer follows",
                                List.of(
                                        new Step.DbWrites(true),
                                        new Step.Start(List.of("router")))));
        assertEquals(
                List.of(Outcome.FAILED, Outcome.SKIPPED),
                outcomes(r),
                "an unfence that cannot reach the database goes no further");
    }

    @Test
    void runsTheStepsInOrder() throws Exception {
        PlanResult r = executor().run(promote());
        assertTrue(r.succeeded());
        assertEquals(
                List.of(
                        "recreate pgpool",
                        "gate pooler answers SELECT 1",
                        "up dataservice",
                        "up gateway,bastion",
                        "up edge",
                        "gate " + EDGE_ACTIVE.describe(),
                        "up ui,haproxy"),
                calls);
        assertEquals(
                List.of(
                        Outcome.DONE,
                        Outcome.DONE,
                        Outcome.GATE_PASSED,
                        Outcome.DONE,
                        Outcome.DONE,
                        Outcome.DONE,
                        Outcome.GATE_PASSED,
                        Outcome.DONE),
                outcomes(r));
        assertTrue(
                Files.readString(envFile)
                        .contains("COMPOSE_PROFILES=ha-primary\nHA_ROUTER_IP=10.0.0.1\n"));
        assertEquals(0, enginesBuilt.get(), "no Restart ran, so docker-java was never built");
    }

    @Test
    void runningAPlanAgainIsHarmless() {
        executor().run(promote());
        calls.clear();
        PlanResult again = executor().run(promote());
        assertTrue(again.succeeded());
        assertEquals("already set", again.steps().get(0).detail());
    }

    @Test
    void aGateIsPolledUntilItPasses() {
        AtomicInteger checks = new AtomicInteger();
        gateAnswer = c -> checks.incrementAndGet() < 3 ? Answer.no("not yet") : Answer.yes("ok");
        PlanResult r =
                executor()
                        .run(
                                new Plan(
                                        PlanKind.REPAIR,
                                        RuleName.RULE2,
                                        "edge missing",
                                        List.of(
                                                new Step.Gate(
                                                        new GateCheck.PoolerAnswers(),
                                                        Duration.ofSeconds(5),
                                                        Optional.empty(),
                                                        0,
                                                        true))));
        assertTrue(r.succeeded());
        assertEquals(3, checks.get());
        assertEquals(Outcome.GATE_PASSED, r.steps().get(0).outcome());
    }

    @Test
    void aMissedGateRunsItsRemedyOnceAndPassesOnTheSecondWindow() {
        gateAnswer =
                c ->
                        !(c instanceof GateCheck.RegistryActive)
                                        || calls.contains("restart stack/edge")
                                ? Answer.yes("ACTIVE")
                                : Answer.no("registered, not ACTIVE yet");
        PlanResult r = executor().run(promote());
        assertTrue(r.succeeded(), r.toString());
        assertEquals(1, calls.stream().filter(c -> c.equals("restart stack/edge")).count());
        assertEquals(1, enginesBuilt.get());
        StepResult edgeGate = r.steps().get(6);
        assertEquals(Outcome.GATE_PASSED, edgeGate.outcome());
        assertTrue(
                edgeGate.detail()
                        .matches(
                                "missed after \\d+ ms \\(registered, not ACTIVE yet\\); remedy restart edge DONE in \\d+ ms; passed after \\d+ ms"),
                edgeGate.detail());
        assertTrue(edgeGate.duration().compareTo(SHORT) >= 0, "the first window was waited out");
        assertEquals("up ui,haproxy", calls.get(calls.size() - 1));
    }

    @Test
    void aGateWaitsItsRemedyDeadlineAfterTheRemedyNotItsFirstDeadline() {
        // The pooler as the promote plan looks at it: a short first look, a long wait after a
        // recreate.
        long[] recreatedAt = {0};
        gateAnswer =
                c ->
                        recreatedAt[0] != 0
                                        && System.nanoTime() - recreatedAt[0]
                                                > Duration.ofMillis(400).toNanos()
                                ? Answer.yes("serves")
                                : Answer.no("does not serve yet");
        Compose timed =
                new Compose() {
                    @Override
                    public void up(List<String> services, boolean forceRecreate) {
                        calls.add(
                                (forceRecreate ? "recreate " : "up ") + String.join(",", services));
                        if (forceRecreate) recreatedAt[0] = System.nanoTime();
                    }

                    @Override
                    public void remove(List<String> services) {}
                };
        Step.Gate pooler =
                new Step.Gate(
                        new GateCheck.PoolerAnswers(),
                        SHORT,
                        Optional.of(new Step.Recreate(List.of("pgpool"))),
                        1,
                        true,
                        Duration.ofSeconds(5));
        PlanResult r =
                new PlanExecutor(
                                new EnvFileWriter(envFile),
                                timed,
                                Lazy.of(() -> engine),
                                gates,
                                "stack",
                                Duration.ofSeconds(5),
                                Duration.ofMillis(10),
                                Optional.empty())
                        .run(
                                new Plan(
                                        PlanKind.PROMOTE,
                                        RuleName.RULE1,
                                        "db primary",
                                        List.of(pooler, new Step.Start(List.of("dataservice")))));
        assertTrue(r.succeeded(), r.toString());
        assertEquals(Outcome.GATE_PASSED, r.steps().get(0).outcome());
        assertTrue(
                r.steps()
                        .get(0)
                        .detail()
                        .matches(
                                "missed after \\d+ ms \\(does not serve yet\\); remedy recreate pgpool DONE in \\d+ ms; passed after \\d+ ms"),
                r.steps().get(0).detail());
        assertTrue(
                r.steps().get(0).duration().compareTo(Duration.ofMillis(400).plus(SHORT)) >= 0,
                "it waited past the first deadline after the recreate");
        assertEquals(
                List.of("recreate pgpool", "up dataservice"),
                calls.stream().filter(c -> !c.startsWith("gate")).toList());
    }

    @Test
    void aGateThatAlreadyPassesNeedsNoRemedy() {
        Step.Gate pooler =
                new Step.Gate(
                        new GateCheck.PoolerAnswers(),
                        SHORT,
                        Optional.of(new Step.Recreate(List.of("pgpool"))),
                        1,
                        true,
                        Duration.ofSeconds(5));
        PlanResult r =
                executor()
                        .run(
                                new Plan(
                                        PlanKind.PROMOTE,
                                        RuleName.RULE1,
                                        "db primary",
                                        List.of(pooler)));
        assertTrue(r.succeeded());
        assertEquals(List.of("gate pooler answers SELECT 1"), calls, "pgpool that serves is kept");
    }

    @Test
    void aRequiredGateThatStillMissesAfterItsRemediesStopsThePlan() {
        gateAnswer =
                c ->
                        c instanceof GateCheck.RegistryActive
                                ? Answer.no("not registered")
                                : Answer.yes("ok");
        PlanResult r = executor().run(promote());
        assertFalse(r.succeeded());
        assertEquals(
                1,
                calls.stream().filter(c -> c.startsWith("restart")).count(),
                "remedyAttempts=1: exactly one remedy");
        assertEquals(Outcome.GATE_MISSED, r.steps().get(6).outcome());
        assertEquals(Outcome.SKIPPED, r.steps().get(7).outcome());
        assertFalse(calls.contains("up ui,haproxy"));
    }

    @Test
    void remedyAttemptsBoundTheRemedies() {
        gateAnswer = c -> Answer.no("never");
        PlanResult r =
                executor()
                        .run(
                                new Plan(
                                        PlanKind.REPAIR,
                                        RuleName.RULE2,
                                        "edge missing",
                                        List.of(
                                                gate(
                                                        EDGE_ACTIVE,
                                                        new Step.Restart(List.of("edge")),
                                                        3,
                                                        true))));
        assertFalse(r.succeeded());
        assertEquals(3, calls.stream().filter(c -> c.startsWith("restart")).count());
        assertEquals(1, enginesBuilt.get(), "the engine is built once and reused");
    }

    @Test
    void aGateThatIsNotRequiredMayMissAndThePlanGoesOn() {
        gateAnswer =
                c ->
                        c instanceof GateCheck.ContainerHealthy
                                ? Answer.no("starting")
                                : Answer.yes("ok");
        PlanResult r =
                executor()
                        .run(
                                new Plan(
                                        PlanKind.REPAIR,
                                        RuleName.RULE2,
                                        "ui unhealthy",
                                        List.of(
                                                new Step.Start(List.of("ui")),
                                                gate(
                                                        new GateCheck.ContainerHealthy("ui"),
                                                        null,
                                                        0,
                                                        false),
                                                new Step.Start(List.of("haproxy")))));
        assertTrue(r.succeeded());
        assertEquals(List.of(Outcome.DONE, Outcome.GATE_MISSED, Outcome.DONE), outcomes(r));
    }

    @Test
    void aFailedActionStopsThePlanAndSkipsTheRest() {
        failCompose = "recreate pgpool";
        PlanResult r = executor().run(promote());
        assertFalse(r.succeeded());
        assertEquals(
                List.of(
                        Outcome.DONE,
                        Outcome.FAILED,
                        Outcome.SKIPPED,
                        Outcome.SKIPPED,
                        Outcome.SKIPPED,
                        Outcome.SKIPPED,
                        Outcome.SKIPPED,
                        Outcome.SKIPPED),
                outcomes(r));
        assertEquals("recreate pgpool exited 1: boom", r.steps().get(1).detail());
        assertEquals(List.of("recreate pgpool"), calls, "nothing after the failure ran");
    }

    @Test
    void aFailedRemedyStopsThePlan() {
        failRestart = "edge";
        gateAnswer =
                c ->
                        c instanceof GateCheck.RegistryActive
                                ? Answer.no("not registered")
                                : Answer.yes("ok");
        PlanResult r = executor().run(promote());
        assertFalse(r.succeeded());
        assertEquals(Outcome.FAILED, r.steps().get(6).outcome());
        assertTrue(
                r.steps().get(6).detail().contains("remedy restart edge FAILED"),
                r.steps().get(6).detail());
        assertEquals(Outcome.SKIPPED, r.steps().get(7).outcome());
    }

    @Test
    void anEnvThatDoesNotParseFailsTheSetEnvStepAndNothingElseRuns() throws Exception {
        Files.writeString(envFile, "COMPOSE_PROFILES=ha-secondary\nnot an assignment\n");
        PlanResult r = executor().run(promote());
        assertFalse(r.succeeded());
        assertEquals(Outcome.FAILED, r.steps().get(0).outcome());
        assertTrue(r.steps().get(0).detail().contains(".env:2:"), r.steps().get(0).detail());
        assertEquals(List.of(), calls);
    }

    @Test
    void aGateThatThrowsHasNotPassed() {
        gateAnswer =
                c -> {
                    throw new IllegalStateException("probe bug");
                };
        PlanResult r =
                executor()
                        .run(
                                new Plan(
                                        PlanKind.REPAIR,
                                        RuleName.RULE2,
                                        "x",
                                        List.of(
                                                gate(
                                                        new GateCheck.PoolerAnswers(),
                                                        null,
                                                        0,
                                                        true))));
        assertFalse(r.succeeded());
        assertTrue(r.steps().get(0).detail().contains("probe bug"));
    }

    @Test
    void restartsEachServiceOfARestartStepInOrder() {
        PlanResult r =
                executor()
                        .run(
                                new Plan(
                                        PlanKind.REPAIR,
                                        RuleName.RULE2,
                                        "EDGE, GATEWAY missing from the registry",
                                        List.of(
                                                new Step.Restart(List.of("edge", "gateway")),
                                                new Step.Remove(List.of("router")))));
        assertTrue(r.succeeded());
        assertEquals(
                List.of("restart stack/edge", "restart stack/gateway", "remove router"), calls);
    }
}
