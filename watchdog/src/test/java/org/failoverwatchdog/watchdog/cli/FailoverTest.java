package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.junit.jupiter.api.Test;

/**
 * The operator's failover against a node of fakes: the witness down, then the primary lost power;
 * repmgr did not promote. Refused while anything of the old primary answers, without a terminal and
 * --yes, or when the operator says no; with --yes the standby is promoted, its app layer gated
 * until active, and the assertion kept in the state (the fence holds back) and the journal.
 */
class FailoverTest {
    static final WatchdogConfig C = HandoverWorld.config("");
    static final String PROMOTED =
            """
            NOTICE: promoting standby to primary
            DETAIL: promoting server "node2" (ID: 2) using pg_promote()
            NOTICE: waiting up to 60 seconds (parameter "promote_check_timeout") for promotion to complete
            NOTICE: STANDBY PROMOTE successful
            DETAIL: server "node2" (ID: 2) was successfully promoted to primary
            """;

    final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
    final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    /** node1 powered off: its database times out, nothing answers on its ports. */
    static HandoverWorld lost(HandoverWorld w) {
        w.peerDb =
                Observed.<DbState>unknown(
                        "PostgreSQL 10.0.0.11:5432: connect timed out", HandoverWorld.L);
        w.peerReach =
                Observed.known(
                        new Reach(Reach.Kind.SILENT, "10.0.0.11:5432 connect timed out"),
                        HandoverWorld.L);
        w.peerRouter =
                Observed.known(
                        new RouterView.Unreachable(
                                HandoverWorld.URL_PEER, "no answer to connect within 2000 ms"),
                        HandoverWorld.L);
        w.replicas = Observed.known(List.of(), HandoverWorld.L);
        return w;
    }

    static FakeOperatorHost lostPrimary() {
        return new FakeOperatorHost(() -> lost(new HandoverWorld()))
                .then(() -> lost(new HandoverWorld().promoted()))
                .then(() -> lost(new HandoverWorld().newAppActive()));
    }

    Repmgr repmgr(FakeOperatorHost host, String text, int exit, boolean moves) {
        return new Repmgr(
                C,
                "root",
                (argv, timeout, each) -> {
                    calls.add(argv);
                    List<Repmgr.Line> lines = RepmgrOutputTest.lines(text);
                    lines.forEach(each);
                    if (moves) {
                        host.stage.set(1);
                        host.advancing = true;
                    }
                    return new Repmgr.Run(argv, exit, false, Duration.ofSeconds(2), lines);
                });
    }

    OperatorReport run(FakeOperatorHost host, Repmgr r, boolean yes) throws Exception {
        return new Failover(C, host, r, progress::add).run(yes);
    }

    @Test
    void withYesTheStandbyIsPromotedAndTheAssertionRecorded() throws Exception {
        FakeOperatorHost host = lostPrimary();
        OperatorReport r = run(host, repmgr(host, PROMOTED, 0, true), true);
        assertEquals(OperatorReport.Result.DONE, r.result(), OperatorReportRender.text(r));
        assertTrue(host.questions.isEmpty(), "--yes: no question");
        assertEquals(
                List.of("standby", "promote"),
                calls.get(0).subList(calls.get(0).size() - 2, calls.get(0).size()));
        assertEquals(
                List.of(
                        "checks",
                        "repmgr standby promote",
                        "database primary",
                        "new app layer active"),
                r.phases().stream().map(OperatorReport.Phase::name).toList());
        WatchdogState.Operator.PeerGone g =
                (WatchdogState.Operator.PeerGone) host.state.operator().orElseThrow();
        assertEquals("alice", g.by());
        assertTrue(g.evidence().contains("its PostgreSQL port silent"), g.evidence());
        Journal.Entry e = host.journal.get(0);
        assertEquals("FAILOVER", e.kind());
        assertEquals("operator", e.rule());
        assertTrue(e.succeeded());
        assertTrue(
                e.reason()
                        .startsWith("alice asserts node1 is gone and fails over to node2 (node1: "),
                e.reason());
        assertTrue(r.message().contains("its own watchdog rejoins"), r.message());
    }

    @Test
    void aPrimaryThatAnswersIsASwitchoverNotAFailover() throws Exception {
        FakeOperatorHost host = new FakeOperatorHost(HandoverWorld::new);
        host.peerPostgres =
                Observed.known(
                        new Reach(Reach.Kind.ACCEPTS, "10.0.0.11:5432 accepted"), HandoverWorld.L);
        OperatorReport r = run(host, repmgr(host, PROMOTED, 0, true), true);
        assertEquals(OperatorReport.Result.REFUSED, r.result());
        Precheck gone =
                r.checks().stream()
                        .filter(c -> c.name() == Precheck.Name.OLD_PRIMARY_GONE)
                        .findFirst()
                        .orElseThrow();
        assertFalse(gone.passed());
        assertTrue(
                gone.detail().startsWith("node1 is alive: its PostgreSQL answers as PRIMARY"),
                gone.detail());
        assertEquals(
                "failover-watchdog switchover --to node2 (run on node2)", gone.fix().orElseThrow());
        assertTrue(calls.isEmpty());
        assertEquals(WatchdogState.initial(), host.state);
    }

    @Test
    void withoutATerminalOrAYesNothingIsDone() throws Exception {
        FakeOperatorHost host = lostPrimary();
        OperatorReport r = run(host, repmgr(host, PROMOTED, 0, true), false);
        assertEquals(OperatorReport.Result.REFUSED, r.result());
        assertTrue(r.message().startsWith("no terminal to confirm on"), r.message());
        assertEquals(1, host.questions.size());
        assertTrue(calls.isEmpty());
        assertEquals(WatchdogState.initial(), host.state);

        host.answer = Optional.of(false);
        assertEquals(
                "not confirmed: nothing was changed",
                run(host, repmgr(host, PROMOTED, 0, true), false).message());
        assertTrue(calls.isEmpty());
    }

    @Test
    void aYesPromotesUnlessTheOldPrimaryCameBackWhileAsked() throws Exception {
        FakeOperatorHost host = lostPrimary();
        host.answer = Optional.of(true);
        host.whileAsked =
                () ->
                        host.peerPostgres =
                                Observed.known(
                                        new Reach(Reach.Kind.ACCEPTS, "10.0.0.11:5432 accepted"),
                                        HandoverWorld.L);
        OperatorReport back = run(host, repmgr(host, PROMOTED, 0, true), false);
        assertEquals(OperatorReport.Result.REFUSED, back.result());
        assertTrue(back.message().startsWith("since the question: node1 is alive"), back.message());
        assertTrue(calls.isEmpty());

        FakeOperatorHost still = lostPrimary();
        still.answer = Optional.of(true);
        OperatorReport r = run(still, repmgr(still, PROMOTED, 0, true), false);
        assertEquals(OperatorReport.Result.DONE, r.result(), OperatorReportRender.text(r));
        assertTrue(
                still.questions
                        .get(0)
                        .startsWith(
                                "Promote node2's database to primary, asserting that node1 is gone"));
        assertEquals("confirmed", r.phases().get(1).name());
    }

    @Test
    void aFailedPromoteWithdrawsTheAssertion() throws Exception {
        FakeOperatorHost host = lostPrimary();
        OperatorReport r =
                run(host, repmgr(host, RepmgrOutputTest.PROMOTE_REFUSED, 1, false), true);
        assertEquals(OperatorReport.Result.FAILED, r.result());
        assertEquals(3, r.result().exitCode);
        assertTrue(r.message().contains("already has an active primary server"), r.message());
        assertEquals(Optional.empty(), host.state.operator());
        assertFalse(host.journal.get(0).succeeded());
    }

    @Test
    void aPrimaryAlreadyOrAPausedNodeIsNotPromoted() throws Exception {
        FakeOperatorHost primary =
                new FakeOperatorHost(() -> lost(new HandoverWorld().newAppActive()));
        assertEquals(
                OperatorReport.Result.NOTHING_TO_DO,
                run(primary, repmgr(primary, PROMOTED, 0, true), true).result());
        FakeOperatorHost paused = lostPrimary();
        paused.state =
                WatchdogState.initial()
                        .withPaused(
                                Optional.of(
                                        new WatchdogState.Pause(HandoverWorld.T0, "maintenance")));
        OperatorReport r = run(paused, repmgr(paused, PROMOTED, 0, true), true);
        assertEquals(OperatorReport.Result.REFUSED, r.result());
        assertTrue(r.fix().orElseThrow().contains("failover-watchdog resume"), r.toString());
        assertTrue(calls.isEmpty());
    }

    /**
     * The pair's pause as this node's database shows it refuses as this node's own does; the lost
     * primary's copy, which cannot be read, does not.
     */
    @Test
    void aPausedPairIsNotPromotedButTheLostPrimarysUnreadablePauseIsNoReason() throws Exception {
        Supplier<HandoverWorld> pausedPair =
                () -> {
                    HandoverWorld w = lost(new HandoverWorld());
                    w.pairPause =
                            Observed.known(
                                    new PairPause.Paused(
                                            "alice", "node1", HandoverWorld.T0, "db upgrade"),
                                    HandoverWorld.L);
                    return w;
                };
        FakeOperatorHost paused = new FakeOperatorHost(pausedPair);
        OperatorReport r = run(paused, repmgr(paused, PROMOTED, 0, true), true);
        assertEquals(OperatorReport.Result.REFUSED, r.result());
        Precheck notPaused =
                r.checks().stream()
                        .filter(c -> c.name() == Precheck.Name.NOT_PAUSED)
                        .findFirst()
                        .orElseThrow();
        assertFalse(notPaused.passed());
        assertTrue(
                notPaused.detail().startsWith("the pair is paused by alice on node1 since"),
                notPaused.detail());
        assertTrue(calls.isEmpty());

        FakeOperatorHost unread =
                new FakeOperatorHost(() -> peerPauseUnread(lost(new HandoverWorld())))
                        .then(() -> peerPauseUnread(lost(new HandoverWorld().promoted())))
                        .then(() -> peerPauseUnread(lost(new HandoverWorld().newAppActive())));
        OperatorReport done = run(unread, repmgr(unread, PROMOTED, 0, true), true);
        assertEquals(OperatorReport.Result.DONE, done.result(), OperatorReportRender.text(done));
    }

    private static HandoverWorld peerPauseUnread(HandoverWorld w) {
        w.pairPauseByDb.put(
                PairListing.Side.SELF, Observed.known(new PairPause.NotPaused(), HandoverWorld.L));
        w.pairPauseByDb.put(
                PairListing.Side.PEER,
                Observed.unknown("PostgreSQL 10.0.0.11:5432: connect timed out", HandoverWorld.L));
        return w;
    }

    @Test
    void theStandbysOwnViewOfItsReplayIsShownSinceThePrimarysIsGone() throws Exception {
        FakeOperatorHost host =
                new FakeOperatorHost(
                        () -> {
                            HandoverWorld w = lost(new HandoverWorld());
                            w.replay.put(
                                    PairListing.Side.SELF,
                                    Observed.known(
                                            new org.failoverwatchdog.probes.StandbyReplay(
                                                    java.util.OptionalLong.of(0),
                                                    java.util.OptionalDouble.of(42)),
                                            HandoverWorld.L));
                            return w;
                        });
        OperatorReport r = run(host, repmgr(host, PROMOTED, 0, false), false);
        assertEquals(
                "node2 is a standby (timeline 2); its own view: 0 B received not yet replayed,"
                        + " last replayed commit 42 s ago",
                r.checks().get(0).detail());
    }
}
