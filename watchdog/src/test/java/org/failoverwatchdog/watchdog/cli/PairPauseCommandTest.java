package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.testing.WatchdogYml;
import org.junit.jupiter.api.Test;

/**
 * `pause` and `resume` of the pair without a database: where they write (only a single primary),
 * and their wait for the other node's database, a polled gate with a deadline.
 */
class PairPauseCommandTest {
    static final Duration L = Duration.ofMillis(2);
    static final WatchdogConfig WITH_PEER = WatchdogYml.node1().withPeerConninfo().config("");
    static final WatchdogConfig WITHOUT_PEER = WatchdogYml.node1().config("");

    static Observed<DbState> db(DbRole role) {
        return Observed.known(new DbState(role, 2, "0/5000000", false, 0), L);
    }

    @Test
    void itWritesToTheDatabaseThatAnswersAsPrimaryAndWaitsForTheOther() {
        PauseTarget.Found self =
                assertInstanceOf(
                        PauseTarget.Found.class,
                        PauseTarget.of(
                                WITH_PEER, db(DbRole.PRIMARY), Optional.of(db(DbRole.STANDBY))));
        assertEquals("node1", self.primaryName());
        assertEquals(WITH_PEER.postgres().local(), self.primary());
        assertEquals("node2", self.standbyName());
        assertEquals(WITH_PEER.postgres().peer(), self.standby());

        PauseTarget.Found peer =
                assertInstanceOf(
                        PauseTarget.Found.class,
                        PauseTarget.of(
                                WITH_PEER, db(DbRole.STANDBY), Optional.of(db(DbRole.PRIMARY))));
        assertEquals("node2", peer.primaryName());
        assertEquals(WITH_PEER.postgres().peer().orElseThrow(), peer.primary());
        assertEquals(Optional.of(WITH_PEER.postgres().local()), peer.standby());

        PauseTarget.Found alone =
                assertInstanceOf(
                        PauseTarget.Found.class,
                        PauseTarget.of(WITHOUT_PEER, db(DbRole.PRIMARY), Optional.empty()));
        assertEquals(Optional.empty(), alone.standby(), "the peer's database is not read here");
    }

    @Test
    void twoPrimariesOrNoneAreNoPlaceToWrite() {
        PauseTarget.NotFound two =
                assertInstanceOf(
                        PauseTarget.NotFound.class,
                        PauseTarget.of(
                                WITH_PEER, db(DbRole.PRIMARY), Optional.of(db(DbRole.PRIMARY))));
        assertTrue(two.why().startsWith("both databases answer as primary"), two.why());
        PauseTarget.NotFound none =
                assertInstanceOf(
                        PauseTarget.NotFound.class,
                        PauseTarget.of(
                                WITHOUT_PEER, Observed.unknown("timed out", L), Optional.empty()));
        assertEquals(
                "no database answers as primary: node1's is UNKNOWN (timed out), node2's is not read"
                        + " (postgres.peer is not configured)",
                none.why());
        assertInstanceOf(
                PauseTarget.NotFound.class,
                PauseTarget.of(WITH_PEER, db(DbRole.STANDBY), Optional.of(db(DbRole.DOWN))));
    }

    static final PairPause.Paused ALICE =
            new PairPause.Paused("alice", "node1", Instant.parse("2026-11-30T06:20:00Z"), "x");

    @Test
    void theWaitEndsWhenTheOtherDatabaseShowsTheWrite() throws Exception {
        ArrayDeque<Observed<PairPause>> reads =
                new ArrayDeque<>(
                        List.of(
                                Observed.unknown("connection reset", L),
                                Observed.known(new PairPause.NotPaused(), L),
                                Observed.known(ALICE, L)));
        ReplayWait.Result r =
                ReplayWait.await(
                        reads::poll, ALICE::equals, Duration.ofSeconds(10), Duration.ofMillis(1));
        assertInstanceOf(ReplayWait.Result.Shown.class, r);
        assertTrue(reads.isEmpty(), "read until it showed");
    }

    @Test
    void theWaitHasADeadlineAndSaysWhatItLastSaw() throws Exception {
        long t0 = System.nanoTime();
        ReplayWait.Result r =
                ReplayWait.await(
                        () -> Observed.known(new PairPause.NotPaused(), L),
                        ALICE::equals,
                        Duration.ofMillis(300),
                        Duration.ofMillis(50));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        ReplayWait.Result.NotShown n = assertInstanceOf(ReplayWait.Result.NotShown.class, r);
        assertEquals("not paused", n.last().describe());
        assertTrue(took.compareTo(Duration.ofMillis(300)) >= 0, "waited out: " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "not much longer: " + took);

        int[] reads = {0};
        ReplayWait.await(
                () -> {
                    reads[0]++;
                    return Observed.known(new PairPause.NotPaused(), L);
                },
                ALICE::equals,
                Duration.ZERO,
                Duration.ofMillis(50));
        assertEquals(1, reads[0], "--wait 0: one look");
    }
}
