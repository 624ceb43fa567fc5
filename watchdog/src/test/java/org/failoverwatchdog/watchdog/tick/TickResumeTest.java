package org.failoverwatchdog.watchdog.tick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.convergence.StepResult;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.RegistryEntry;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.log.JournalPriority;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.testing.HealthyPrimary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping around a plan, tick after tick, in a real state directory: each tick a new Tick
 * (as each timer tick is a new process), the world fixed, the plan run by a fake that fails, dies
 * or succeeds as told.
 */
class TickResumeTest {
    private static final Instant T0 = HealthyPrimary.T0;
    @TempDir Path dir;
    private WatchdogConfig c;
    private StateStore store;

    @BeforeEach
    void config() {
        c = HealthyPrimary.config("state_dir: " + dir.resolve("state") + "\n");
        store = new StateStore(c.stateDir());
    }

    /** node1's database is primary, its .env still says secondary: Rule 1 promotes. */
    private static Observations promoteWorld() {
        Observations o = HealthyPrimary.observations();
        return new Observations(
                o.at(),
                o.db(),
                o.pooler(),
                Observed.known(
                        new EnvValues(Optional.of("ha-secondary"), Optional.of("10.0.0.12")),
                        Duration.ZERO),
                o.activeRouter(),
                o.peerRouter(),
                o.peerNode(),
                o.containers(),
                o.witnessSeesPeer(),
                o.peerDb(),
                o.peerReach(),
                o.witnessReach());
    }

    /** A consistent primary whose router lost node1's EDGE: Rule 2 repairs edge. */
    private static Observations repairWorld() {
        Observations o = HealthyPrimary.observations();
        RouterView.Registry reg = (RouterView.Registry) o.activeRouter().known().orElseThrow();
        List<RegistryEntry> entries =
                reg.entries().stream()
                        .filter(e -> !(e.type().equals("EDGE") && e.nodeIp().equals("10.0.0.11")))
                        .toList();
        return new Observations(
                o.at(),
                o.db(),
                o.pooler(),
                o.env(),
                Observed.known(new RouterView.Registry(reg.url(), entries), Duration.ZERO),
                o.peerRouter(),
                o.peerNode(),
                o.containers(),
                o.witnessSeesPeer(),
                o.peerDb(),
                o.peerReach(),
                o.witnessReach());
    }

    /** A fake of the node's plan runner: records each plan, answers as told. */
    private static final class FakeRunner implements PlanRunner {
        final List<Plan> ran = new ArrayList<>();
        private final boolean succeeds;

        FakeRunner(boolean succeeds) {
            this.succeeds = succeeds;
        }

        @Override
        public PlanResult run(Plan plan) {
            ran.add(plan);
            StepResult first =
                    new StepResult(
                            plan.steps().get(0).describe(),
                            succeeds ? StepResult.Outcome.DONE : StepResult.Outcome.FAILED,
                            Duration.ofMillis(5),
                            succeeds ? "" : "exit 1");
            return new PlanResult(
                    plan, Instant.now(), Duration.ofMillis(5), List.of(first), succeeds);
        }
    }

    /** The process dies inside the plan: nothing after the runner happens. */
    private static final class Killed extends RuntimeException {
        Killed() {
            super("killed mid-plan");
        }
    }

    /**
     * A paused pair: three ticks run nothing and each says at notice what it would have run; the
     * state keeps no pending plan; resumed, the next tick runs it.
     */
    @Test
    void aPausedPairRunsNothingAndSaysSoEveryTick() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger tickLog = (Logger) LoggerFactory.getLogger(Tick.class);
        logged.start();
        tickLog.addAppender(logged);
        Observations paused =
                promoteWorld()
                        .withPairPause(
                                Observed.known(
                                        new PairPause.Paused(
                                                "alice", "node2", T0.minusSeconds(5), "db upgrade"),
                                        Duration.ZERO));
        FakeRunner runner = new FakeRunner(true);
        try {
            for (int i = 0; i < 3; i++) assertEquals(0, tick(paused, runner).run());
        } finally {
            tickLog.detachAppender(logged);
        }
        assertEquals(List.of(), runner.ran, "nothing runs while the pair is paused");
        List<ILoggingEvent> notices =
                logged.list.stream()
                        .filter(
                                e ->
                                        e.getMarkerList() != null
                                                && e.getMarkerList()
                                                        .contains(JournalPriority.NOTICE))
                        .toList();
        assertEquals(3, notices.size(), "every tick, not once: " + logged.list);
        assertTrue(
                notices.get(2)
                        .getFormattedMessage()
                        .matches(
                                "paused: would have run PROMOTE \\(rule1\\): .*; no action, because the pair is paused by alice on node2 since .*: db upgrade"),
                notices.get(2).getFormattedMessage());
        assertEquals(Optional.empty(), store.load().pending());
        assertEquals(List.of(), c.journal().read(), "a withheld plan is no transition");

        assertEquals(0, tick(promoteWorld(), runner).run());
        assertEquals(PlanKind.PROMOTE, runner.ran.get(0).kind(), "resumed: it runs");
    }

    private Tick tick(Observations world, PlanRunner runner) {
        return new Tick(c, (state, round) -> world, runner);
    }

    @Test
    void aFailedPromoteStaysPendingAndTheNextTickResumesIt() throws Exception {
        FakeRunner fails = new FakeRunner(false);
        assertEquals(1, tick(promoteWorld(), fails).run(), "an action failed");
        Plan first = fails.ran.get(0);
        assertEquals(PlanKind.PROMOTE, first.kind());
        WatchdogState after = store.load();
        assertEquals(
                Optional.of(
                        new WatchdogState.Pending(
                                PlanKind.PROMOTE, RuleName.RULE1, first.reason(), T0)),
                after.pending(),
                "a failed promote is resumed, not decided again");
        assertEquals(Optional.of(T0), after.lastRoleChange());
        assertEquals(
                List.of(false), c.journal().read().stream().map(Journal.Entry::succeeded).toList());

        FakeRunner works = new FakeRunner(true);
        assertEquals(0, tick(promoteWorld(), works).run());
        Plan resumed = works.ran.get(0);
        assertEquals(PlanKind.PROMOTE, resumed.kind());
        assertEquals(RuleName.RULE1, resumed.rule());
        assertEquals(
                "resume PROMOTE begun at " + T0 + " (" + first.reason() + ")", resumed.reason());
        assertEquals(
                first.steps(), resumed.steps(), "the same plan again: every step is idempotent");
        assertEquals(Optional.empty(), store.load().pending(), "done");
        assertEquals(
                List.of(true, false),
                c.journal().read().stream().map(Journal.Entry::succeeded).toList(),
                "newest first");
    }

    @Test
    void aPromoteKilledHalfWayIsResumedByTheNextTick() throws Exception {
        assertThrows(
                Killed.class,
                () ->
                        tick(
                                        promoteWorld(),
                                        plan -> {
                                            throw new Killed();
                                        })
                                .run());
        WatchdogState left = store.load();
        assertEquals(
                PlanKind.PROMOTE,
                left.pending().orElseThrow().kind(),
                "saved pending before the plan ran");
        assertEquals(List.of(), c.journal().read(), "a killed tick journals nothing");

        FakeRunner works = new FakeRunner(true);
        assertEquals(0, tick(promoteWorld(), works).run());
        assertTrue(
                works.ran.get(0).reason().startsWith("resume PROMOTE begun at " + T0),
                works.ran.get(0).reason());
        assertEquals(Optional.empty(), store.load().pending());
        assertEquals(1, c.journal().read().size());
    }

    @Test
    void aFailedRepairIsNotPendingButBacksOff() throws Exception {
        FakeRunner fails = new FakeRunner(false);
        assertEquals(1, tick(repairWorld(), fails).run());
        assertEquals(PlanKind.REPAIR, fails.ran.get(0).kind());
        WatchdogState after = store.load();
        assertEquals(
                Optional.empty(),
                after.pending(),
                "a repair is decided again from what the next tick sees");
        assertTrue(after.repairs().get("edge").lastFailed(), after.repairs().toString());

        FakeRunner next = new FakeRunner(true);
        assertEquals(0, tick(repairWorld(), next).run());
        assertEquals(List.of(), next.ran, "repair_backoff after a failed repair");
    }
}
