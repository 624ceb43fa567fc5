package org.failoverwatchdog.watchdog.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.rules.Observations;

/**
 * The failover's refusal to promote beside a primary it can see: the operator asserts the old
 * primary is gone, and this checks that nothing of it answers from here. "Gone" is a connection
 * that is refused (the host is there, nothing listens: no writer) or gets no answer at all
 * (timeout, no route) on each of its PostgreSQL port, its check port and its router; anything that
 * accepts a connection is alive, and what cannot be observed cannot prove it gone.
 */
final class OldPrimaryGone {
    private OldPrimaryGone() {}

    sealed interface Verdict permits Gone, Alive, CannotTell {
        String detail();
    }

    /**
     * @param detail every observation that says so, for the journal
     */
    record Gone(String detail) implements Verdict {}

    /** Something of it answers: this is a switchover, not a failover. */
    record Alive(String detail) implements Verdict {}

    /** An observation that could not be made, or an answer that is neither alive nor gone. */
    record CannotTell(String detail) implements Verdict {}

    /**
     * @param peer the peer's name, for the words
     * @param postgresPort one TCP connect to the peer's PostgreSQL port (postgres.peer's, or 5432)
     */
    static Verdict judge(String peer, Observations o, Observed<Reach> postgresPort) {
        List<String> alive = new ArrayList<>(),
                unknown = new ArrayList<>(),
                gone = new ArrayList<>();
        Optional<Observed<DbState>> db = o.peerDb();
        if (db.isPresent() && db.get().known().isPresent()) {
            DbState d = db.get().known().get();
            switch (d.role()) {
                case PRIMARY, STANDBY ->
                        alive.add(
                                "its PostgreSQL answers as "
                                        + d.role()
                                        + " (timeline "
                                        + d.timeline()
                                        + ")");
                case DOWN -> gone.add("its PostgreSQL refuses connections (down)");
            }
        }
        reach("its PostgreSQL port", postgresPort, alive, unknown, gone);
        reach("its check port", o.peerReach(), alive, unknown, gone);
        Observed<RouterView> router = o.peerRouter();
        if (router.known().orElse(null) instanceof RouterView.Registry r)
            alive.add("its router answers at " + r.url());
        else if (router.known().orElse(null) instanceof RouterView.Unreachable u)
            gone.add("its router " + u.url() + " unreachable (" + u.reason() + ")");
        else unknown.add("its router cannot be observed (" + PairListing.reason(router) + ")");
        if (!alive.isEmpty())
            return new Alive(
                    peer
                            + " is alive: "
                            + String.join("; ", alive)
                            + ". A primary that answers is moved with failover-watchdog switchover;"
                            + " a failover beside it would make two writers");
        if (!unknown.isEmpty())
            return new CannotTell(
                    "cannot prove "
                            + peer
                            + " gone: "
                            + String.join("; ", unknown)
                            + (gone.isEmpty() ? "" : " (" + String.join("; ", gone) + ")"));
        return new Gone(peer + ": " + String.join("; ", gone));
    }

    private static void reach(
            String what,
            Observed<Reach> r,
            List<String> alive,
            List<String> unknown,
            List<String> gone) {
        if (!(r instanceof Observed.Known<Reach> k)) {
            unknown.add(what + " cannot be observed (" + PairListing.reason(r) + ")");
            return;
        }
        Reach x = k.value();
        switch (x.kind()) {
            case ACCEPTS -> alive.add(what + " accepts connections (" + x.detail() + ")");
            case REFUSES -> gone.add(what + " refuses (" + x.detail() + ")");
            case SILENT -> gone.add(what + " silent (" + x.detail() + ")");
        }
    }
}
