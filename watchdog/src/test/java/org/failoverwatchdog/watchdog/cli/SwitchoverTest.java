package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.Json;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.ReplicaLag;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.junit.jupiter.api.Test;

/**
 * The switchover end to end against a node of fakes: repmgr is a recorded call, the pair a sequence
 * of reads. Refused means nothing ran; done means every phase passed in order, the switchover was
 * marked in the state while repmgr ran and not after, and the journal has it.
 */
class SwitchoverTest {
    static final WatchdogConfig C = HandoverWorld.config("");
    static final SwitchoverPrechecks.Limits LIMITS = new SwitchoverPrechecks.Limits(16L << 20, 10);

    final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Optional<WatchdogState.Operator>> markedDuringRepmgr =
            Collections.synchronizedList(new ArrayList<>());
    final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    /** repmgr that prints text, exits so, and (when it moves anything) starts the convergence. */
    Repmgr repmgr(FakeOperatorHost host, String text, int exit, boolean moves) {
        return new Repmgr(
                C,
                "root",
                (argv, timeout, each) -> {
                    calls.add(argv);
                    markedDuringRepmgr.add(host.state.operator());
                    // a line every 300 ms of the host's clock, as repmgr prints them
                    List<Repmgr.Line> lines = new ArrayList<>();
                    for (Repmgr.Line l : RepmgrOutputTest.lines(text)) {
                        Repmgr.Line now =
                                new Repmgr.Line(
                                        host.clock.updateAndGet(t -> t.plusMillis(300)), l.text());
                        lines.add(now);
                        each.accept(now);
                    }
                    if (moves) {
                        host.stage.set(1);
                        host.advancing = true;
                    }
                    return new Repmgr.Run(argv, exit, false, Duration.ofSeconds(6), lines);
                });
    }

    OperatorReport run(FakeOperatorHost host, Repmgr r, boolean dryRun, Duration wait)
            throws Exception {
        return new Switchover(C, host, r, progress::add)
                .run(new Switchover.Options(dryRun, LIMITS, wait));
    }

    /** Before, then (after repmgr) settled, the new app layer active, the old one demoted. */
    static FakeOperatorHost converging() {
        return new FakeOperatorHost(HandoverWorld::new)
                .then(() -> new HandoverWorld().settled())
                .then(() -> new HandoverWorld().newAppActive())
                .then(() -> new HandoverWorld().oldDemoted());
    }

    @Test
    void aRefusalRunsNothingAndChangesNothing() throws Exception {
        FakeOperatorHost host =
                new FakeOperatorHost(
                        () -> {
                            HandoverWorld w = new HandoverWorld();
                            w.replicas =
                                    Observed.known(
                                            List.of(
                                                    new ReplicaLag(
                                                            "node2",
                                                            Optional.of(HandoverWorld.SELF),
                                                            "streaming",
                                                            OptionalLong.of(64L << 20),
                                                            OptionalDouble.of(30))),
                                            HandoverWorld.L);
                            return w;
                        });
        OperatorReport r =
                run(host, repmgr(host, RepmgrOutputTest.SWITCHOVER, 0, true), false, Duration.ZERO);
        assertEquals(OperatorReport.Result.REFUSED, r.result());
        assertEquals(1, r.result().exitCode);
        assertTrue(calls.isEmpty(), "repmgr not run");
        assertEquals(WatchdogState.initial(), host.state, "state untouched");
        assertTrue(host.journal.isEmpty());
        assertTrue(r.fix().orElseThrow().contains("catches up"), r.toString());
        assertTrue(
                progress.stream().anyMatch(l -> l.startsWith("FAIL lag: ")), progress.toString());
        String text = OperatorReportRender.text(r);
        assertTrue(text.contains("refused: a precheck failed: nothing was changed"), text);
    }

    @Test
    void aDryRunRunsTheChecksAndRepmgrsDryRunAndChangesNothing() throws Exception {
        FakeOperatorHost host = converging();
        OperatorReport r =
                run(host, repmgr(host, RepmgrOutputTest.DRY_RUN_OK, 0, false), true, Duration.ZERO);
        assertEquals(OperatorReport.Result.DRY_RUN_OK, r.result(), r.toString());
        assertEquals(1, calls.size());
        assertEquals(
                List.of("standby", "switchover", "--siblings-follow", "--dry-run"),
                calls.get(0).subList(calls.get(0).size() - 4, calls.get(0).size()));
        assertEquals(List.of(Optional.empty()), markedDuringRepmgr, "no mark for a dry run");
        assertEquals(WatchdogState.initial(), host.state);
        assertTrue(host.journal.isEmpty());
        assertEquals(10, r.checks().size());
        assertTrue(r.checks().get(9).passed(), r.checks().get(9).line());
        assertEquals(Precheck.Name.REPMGR_DRY_RUN, r.checks().get(9).name());

        calls.clear();
        FakeOperatorHost no = converging();
        OperatorReport refused =
                run(
                        no,
                        repmgr(no, RepmgrOutputTest.DRY_RUN_NO_SSH, 12, false),
                        true,
                        Duration.ZERO);
        assertEquals(OperatorReport.Result.REFUSED, refused.result());
        Precheck dry = refused.checks().get(9);
        assertFalse(dry.passed());
        assertTrue(dry.detail().contains("unable to connect via SSH"), dry.line());
    }

    @Test
    void aSwitchoverMovesThePrimaryAndTimesEachPhase() throws Exception {
        FakeOperatorHost host = converging();
        OperatorReport r =
                run(host, repmgr(host, RepmgrOutputTest.SWITCHOVER, 0, true), false, Duration.ZERO);
        assertEquals(OperatorReport.Result.DONE, r.result(), OperatorReportRender.text(r));
        assertEquals(0, r.result().exitCode);
        assertEquals(
                List.of(
                        "prechecks",
                        "repmgr standby switchover",
                        "databases settled",
                        "new app layer active",
                        "old primary demoted"),
                r.phases().stream().map(OperatorReport.Phase::name).toList());
        assertTrue(r.phases().stream().allMatch(OperatorReport.Phase::ok));
        assertEquals(
                List.of("standby", "switchover", "--siblings-follow"),
                calls.get(0).subList(calls.get(0).size() - 3, calls.get(0).size()));
        assertTrue(
                markedDuringRepmgr.get(0).orElse(null)
                                instanceof WatchdogState.Operator.Switchover sw
                        && sw.from().equals("node1"),
                "Rule 3 holds while repmgr stops the old primary: " + markedDuringRepmgr);
        assertEquals(Optional.empty(), host.state.operator(), "and not after");
        assertEquals(0, host.ticks.get(), "the guard beats: it follows the promotion itself");
        Journal.Entry e = host.journal.get(0);
        assertEquals("SWITCHOVER", e.kind());
        assertEquals("operator", e.rule());
        assertTrue(e.succeeded());
        assertEquals(5, e.steps().size());
        assertTrue(
                e.reason().startsWith("planned switchover from node1 to node2 by alice"),
                e.reason());
        assertTrue(
                r.phases().get(1).detail().contains("promoted at +"), r.phases().get(1).detail());
        String text = OperatorReportRender.text(r);
        assertTrue(text.contains("ok: node2 is primary, node1 its standby"), text);
        assertTrue(
                progress.contains("  repmgr: NOTICE: STANDBY PROMOTE successful"),
                progress.toString());
    }

    @Test
    void withoutABeatingGuardTheTickRunsHere() throws Exception {
        FakeOperatorHost host = converging();
        host.guardBeating = false;
        OperatorReport r =
                run(host, repmgr(host, RepmgrOutputTest.SWITCHOVER, 0, true), false, Duration.ZERO);
        assertEquals(OperatorReport.Result.DONE, r.result());
        assertEquals(1, host.ticks.get());
    }

    @Test
    void aGateThatMissesItsDeadlineFailsNamingItAndWhatWasSeen() throws Exception {
        FakeOperatorHost host =
                new FakeOperatorHost(HandoverWorld::new)
                        .then(() -> new HandoverWorld().settled())
                        .then(() -> new HandoverWorld().newAppActive()); // node1 never demotes
        OperatorReport r =
                run(host, repmgr(host, RepmgrOutputTest.SWITCHOVER, 0, true), false, Duration.ZERO);
        assertEquals(OperatorReport.Result.FAILED, r.result());
        assertEquals(3, r.result().exitCode);
        assertTrue(
                r.message().contains("old primary demoted missed its deadline")
                        && r.message().contains("a router still answers on its address"),
                r.message());
        OperatorReport.Phase last = r.phases().get(r.phases().size() - 1);
        assertFalse(last.ok());
        assertTrue(last.detail().startsWith("not within 120 s"), last.detail());
        assertEquals(Optional.empty(), host.state.operator(), "the mark is cleared anyway");
        assertFalse(host.journal.get(0).succeeded());
    }

    @Test
    void repmgrFailingWithNothingMovedFailsWithItsError() throws Exception {
        FakeOperatorHost host = converging();
        OperatorReport r =
                run(
                        host,
                        repmgr(host, RepmgrOutputTest.DRY_RUN_NO_SSH, 12, false),
                        false,
                        Duration.ZERO);
        assertEquals(OperatorReport.Result.FAILED, r.result());
        assertTrue(
                r.message()
                        .startsWith("repmgr failed and node2's database is not primary: exit 12:"),
                r.message());
        assertTrue(r.fix().orElseThrow().contains("repmgr service unpause"));
        assertEquals(Optional.empty(), host.state.operator());
    }

    @Test
    void waitRetriesThePrechecksUntilThePairSettles() throws Exception {
        FakeOperatorHost host = converging();
        host.state =
                WatchdogState.initial().withRoleChange(HandoverWorld.T0.minusSeconds(15), false);
        OperatorReport refused =
                run(host, repmgr(host, RepmgrOutputTest.SWITCHOVER, 0, true), false, Duration.ZERO);
        assertEquals(OperatorReport.Result.REFUSED, refused.result());
        assertTrue(calls.isEmpty());

        OperatorReport r =
                run(
                        host,
                        repmgr(host, RepmgrOutputTest.SWITCHOVER, 0, true),
                        false,
                        Duration.ofSeconds(30));
        assertEquals(OperatorReport.Result.DONE, r.result(), OperatorReportRender.text(r));
        assertTrue(
                progress.stream()
                        .anyMatch(l -> l.equals("waiting (--wait) for the prechecks: settled")),
                progress.toString());
    }

    @Test
    void aTargetThatAlreadyIsPrimaryHasNothingToDo() throws Exception {
        FakeOperatorHost host = new FakeOperatorHost(() -> new HandoverWorld().oldDemoted());
        OperatorReport r =
                run(host, repmgr(host, RepmgrOutputTest.SWITCHOVER, 0, true), false, Duration.ZERO);
        assertEquals(OperatorReport.Result.NOTHING_TO_DO, r.result());
        assertEquals(0, r.result().exitCode);
        assertTrue(calls.isEmpty());
    }

    @Test
    void theJsonHasEveryCheckAndPhase() throws Exception {
        FakeOperatorHost host = converging();
        OperatorReport r =
                run(host, repmgr(host, RepmgrOutputTest.SWITCHOVER, 0, true), false, Duration.ZERO);
        var j = Json.MAPPER.valueToTree(OperatorReportRender.tree(r));
        assertEquals("switchover", j.path("command").asText());
        assertEquals("done", j.path("result").asText());
        assertTrue(j.path("ok").asBoolean());
        assertEquals(9, j.path("checks").size());
        assertEquals("target-standby", j.path("checks").get(0).path("name").asText());
        assertEquals(5, j.path("phases").size());
        assertEquals("old primary demoted", j.path("phases").get(4).path("phase").asText());
        assertEquals(0, j.path("repmgr").path("exitCode").asInt());
        assertEquals(
                r.repmgr().orElseThrow().lines().get(11).at().toString(),
                j.path("repmgr").path("promotedAt").asText(),
                "the moment repmgr said STANDBY PROMOTE successful");
        assertEquals(19, j.path("repmgr").path("output").size());
    }
}
