package org.failoverwatchdog.watchdog.cli;

import static org.failoverwatchdog.watchdog.cli.HandoverWorld.L;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RouterView;
import org.junit.jupiter.api.Test;

/**
 * The failover's refusal to promote beside an old primary it can see: alive when anything of it
 * accepts a connection, gone only when every connection is refused or gets no answer, and an
 * observation that cannot be made proves nothing.
 */
class OldPrimaryGoneTest {
    static final Observed<Reach> SILENT =
            Observed.known(new Reach(Reach.Kind.SILENT, "10.0.0.11:5432 connect timed out"), L);
    static final Observed<Reach> REFUSED =
            Observed.known(new Reach(Reach.Kind.REFUSES, "10.0.0.11:5432 Connection refused"), L);
    static final Observed<Reach> ACCEPTS =
            Observed.known(new Reach(Reach.Kind.ACCEPTS, "10.0.0.11:5432 accepted"), L);

    /** The primary lost power: nothing answers, its database and router time out. */
    static HandoverWorld powerOff() {
        HandoverWorld w = new HandoverWorld();
        w.peerDb = Observed.<DbState>unknown("PostgreSQL 10.0.0.11:5432: connect timed out", L);
        w.peerReach = SILENT;
        w.peerRouter =
                Observed.known(
                        new RouterView.Unreachable(
                                HandoverWorld.URL_PEER, "no answer to connect within 2000 ms"),
                        L);
        return w;
    }

    static OldPrimaryGone.Verdict judge(HandoverWorld w, Observed<Reach> pg) {
        return OldPrimaryGone.judge("node1", w.snapshot().obs(), pg);
    }

    @Test
    void aPoweredOffPrimaryIsGone() {
        OldPrimaryGone.Verdict v = judge(powerOff(), SILENT);
        assertInstanceOf(OldPrimaryGone.Gone.class, v, v.detail());
        assertTrue(
                v.detail().contains("its PostgreSQL port silent")
                        && v.detail().contains("its router")
                        && v.detail().contains("unreachable"),
                v.detail());
    }

    @Test
    void aHostThatRefusesEverythingIsGoneToo() {
        HandoverWorld w = powerOff();
        w.peerDb = Observed.known(DbState.down(), L);
        w.peerReach = REFUSED;
        w.peerRouter = HandoverWorld.unreachable(HandoverWorld.URL_PEER);
        OldPrimaryGone.Verdict v = judge(w, REFUSED);
        assertInstanceOf(OldPrimaryGone.Gone.class, v, v.detail());
        assertTrue(v.detail().contains("refuses connections (down)"), v.detail());
    }

    @Test
    void anythingThatAnswersIsAlive() {
        HandoverWorld db = powerOff();
        db.peerDb = Observed.known(new DbState(DbRole.PRIMARY, 2, "0/5", false, 0), L);
        assertAlive(judge(db, SILENT), "its PostgreSQL answers as PRIMARY");
        assertAlive(judge(powerOff(), ACCEPTS), "its PostgreSQL port accepts connections");
        HandoverWorld check = powerOff();
        check.peerReach = ACCEPTS;
        assertAlive(judge(check, SILENT), "its check port accepts");
        HandoverWorld router = powerOff();
        router.peerRouter = HandoverWorld.registry(HandoverWorld.URL_PEER, HandoverWorld.PEER);
        OldPrimaryGone.Verdict v = judge(router, SILENT);
        assertAlive(v, "its router answers");
        assertTrue(v.detail().contains("failover-watchdog switchover"), v.detail());
    }

    @Test
    void whatCannotBeObservedCannotProveItGone() {
        HandoverWorld hung = powerOff();
        hung.peerRouter =
                Observed.<RouterView>unknown(
                        "router http://10.0.0.11:9000 accepted the connection but did not answer",
                        L);
        OldPrimaryGone.Verdict v = judge(hung, SILENT);
        assertInstanceOf(OldPrimaryGone.CannotTell.class, v, v.detail());
        assertTrue(v.detail().startsWith("cannot prove node1 gone: its router"), v.detail());
        OldPrimaryGone.Verdict port =
                judge(powerOff(), Observed.<Reach>unknown("no address for the peer", L));
        assertInstanceOf(OldPrimaryGone.CannotTell.class, port, port.detail());
    }

    private static void assertAlive(OldPrimaryGone.Verdict v, String says) {
        assertInstanceOf(OldPrimaryGone.Alive.class, v, v.detail());
        assertTrue(v.detail().contains(says), v.detail());
    }
}
