package org.failoverwatchdog.watchdog.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * `failover --to <this node>`: for when automatic failover rightly cannot act (the witness down,
 * then the primary lost), the operator asserts the old primary is gone and this standby is
 * promoted: `repmgr standby promote`, then the app layer follows in the reference order. It refuses
 * while anything of the old primary answers (that is a switchover), asks unless --yes, and records
 * the assertion in state.json (the fence then holds back: the peer's silence is asserted, not
 * feared) and in the journal. The old node, when it returns, is a stale primary: rejoined by its
 * own watchdog.
 */
final class Failover extends OperatorCommand {
    Failover(WatchdogConfig c, OperatorHost host, Repmgr repmgr, Consumer<String> progress) {
        super(OperatorReport.Command.FAILOVER, c, host, repmgr, progress);
    }

    OperatorReport run(boolean yes) throws InterruptedException {
        Instant start = host.now();
        String self = c.node().name(), peer = c.peer().name();
        PairSnapshot s = host.read(true);
        if (primaryHere(s)) return nothingToDo(false, start, "promote");
        List<Precheck> checks = checks(s);
        Instant checked = host.now();
        List<OperatorReport.Phase> phases = checked("checks", start, checked, checks);
        if (!Precheck.allPassed(checks))
            return refused(false, start, checks, phases, "a check failed: nothing was changed");
        String evidence =
                checks.stream()
                        .filter(x -> x.name() == Precheck.Name.OLD_PRIMARY_GONE)
                        .findFirst()
                        .orElseThrow()
                        .detail();
        if (!yes) {
            Optional<Boolean> answer =
                    host.confirm(
                            "Promote "
                                    + self
                                    + "'s database to primary, asserting that "
                                    + peer
                                    + " is gone ("
                                    + evidence
                                    + ")? Type yes to go on: ");
            if (answer.isEmpty())
                return refused(
                        false,
                        start,
                        checks,
                        phases,
                        "no terminal to confirm on: nothing was changed (add --yes to assert it"
                                + " without a question)");
            if (!answer.get())
                return refused(false, start, checks, phases, "not confirmed: nothing was changed");
            // The answer may have taken a while: what was gone must still be.
            Precheck again = gone(host.read(false));
            if (!again.passed()) {
                List<Precheck> all = new ArrayList<>(checks);
                all.add(again);
                return refused(
                        false,
                        start,
                        all,
                        phases,
                        "since the question: " + again.detail() + "; nothing was changed");
            }
            phases.add(
                    phase("confirmed", true, start, checked, host.now(), "by " + host.operator()));
        }
        String by = host.operator();
        if (!mark(at -> new WatchdogState.Operator.PeerGone(at, by, evidence)))
            return refused(false, start, checks, phases, markRefused("assertion"));
        HandoverRun.Outcome h =
                handOver(
                        repmgr.promote(),
                        List.of(HandoverGates.Gate.DB_PRIMARY, HandoverGates.Gate.NEW_APP_ACTIVE));
        if (h.nothingMoved() || h.startError().isPresent()) {
            // Still a standby: an assertion about a promotion that did not happen is withdrawn.
            unmark(WatchdogState.Operator.PeerGone.class);
        }
        OperatorReport r = outcome(start, checks, phases, h);
        host.journal(
                r.journalEntry(
                        self,
                        by
                                + " asserts "
                                + peer
                                + " is gone and fails over to "
                                + self
                                + " ("
                                + evidence
                                + "): "
                                + r.message()));
        return r;
    }

    private List<Precheck> checks(PairSnapshot s) {
        List<Precheck> out = new ArrayList<>();
        out.add(standby(s));
        out.add(gone(s));
        out.add(
                Precheck.unless(
                        Precheck.Name.NOT_PAUSED,
                        PairPauses.of(s),
                        "nothing paused",
                        "a paused watchdog would not bring up the app layer: failover-watchdog"
                                + " resume first (the pair's; `resume --node` for this node's"
                                + " own)"));
        Optional<WatchdogState.Fence> fence = s.state().known().flatMap(WatchdogState::fenced);
        out.add(
                fence.isEmpty()
                        ? Precheck.pass(Precheck.Name.NOT_FENCED, "this node is not fenced")
                        : Precheck.fail(
                                Precheck.Name.NOT_FENCED,
                                "this node is fenced since " + fence.get().since(),
                                "see failover-watchdog status"));
        return out;
    }

    private Precheck standby(PairSnapshot s) {
        Precheck.Name n = Precheck.Name.TARGET_IS_STANDBY;
        Optional<DbState> db = s.obs().db().known();
        if (db.isEmpty())
            return Precheck.fail(
                    n,
                    "this node's database: " + PairListing.reason(s.obs().db()),
                    "it must answer to be promoted; see failover-watchdog status");
        if (db.get().role() != DbRole.STANDBY)
            return Precheck.fail(
                    n,
                    "this node's database is " + db.get().role() + ", not a standby",
                    "start it: only a standby can be promoted");
        PairListing.NodeRow row = PairListing.of(c, s).nodes().get(0);
        String replay =
                row.lag().known().orElse(null) instanceof PairListing.Lag.FromStandby fs
                        ? "; its own view: " + ownView(fs)
                        : "";
        return Precheck.pass(
                n,
                c.node().name() + " is a standby (timeline " + db.get().timeline() + ")" + replay);
    }

    /** What the standby alone knows of its replay: the primary's view is gone with it. */
    private static String ownView(PairListing.Lag.FromStandby fs) {
        String received =
                fs.receivedNotReplayedBytes().isPresent()
                        ? fs.receivedNotReplayedBytes().getAsLong()
                                + " B received not yet replayed, "
                        : "";
        String last =
                fs.sinceLastReplaySeconds().isPresent()
                        ? String.format(
                                "last replayed commit %.0f s ago",
                                fs.sinceLastReplaySeconds().getAsDouble())
                        : "no commit replayed";
        return received + last;
    }

    private Precheck gone(PairSnapshot s) {
        Precheck.Name n = Precheck.Name.OLD_PRIMARY_GONE;
        OldPrimaryGone.Verdict v =
                OldPrimaryGone.judge(c.peer().name(), s.obs(), host.peerPostgresPort());
        if (v instanceof OldPrimaryGone.Gone g) return Precheck.pass(n, g.detail());
        if (v instanceof OldPrimaryGone.Alive a)
            return Precheck.fail(
                    n,
                    a.detail(),
                    "failover-watchdog switchover --to "
                            + c.node().name()
                            + " (run on "
                            + c.node().name()
                            + ")");
        return Precheck.fail(
                n,
                v.detail(),
                "make sure "
                        + c.peer().name()
                        + " is down (power it off) and that this node can observe it; an"
                        + " observation that cannot be made never counts as gone");
    }

    private OperatorReport outcome(
            Instant start,
            List<Precheck> checks,
            List<OperatorReport.Phase> phases,
            HandoverRun.Outcome h) {
        String self = c.node().name(), peer = c.peer().name();
        List<OperatorReport.Phase> ps =
                handoverPhases(
                        phases,
                        start,
                        h,
                        "repmgr standby promote",
                        h.run().map(Repmgr.Run::verdict).orElse(h.startError().orElse("not run")),
                        GateTrack.Passed::seen);
        return ended(
                start,
                checks,
                ps,
                h,
                new Endings(
                        "repmgr standby promote failed",
                        "read repmgr's output; failover-watchdog list shows the pair",
                        self + "'s database is primary, but ",
                        "failover-watchdog status says what the watchdog waits for",
                        took ->
                                self
                                        + " is primary and its app layer active in "
                                        + took
                                        + "; "
                                        + peer
                                        + ", when it returns, is a stale primary its own watchdog"
                                        + " rejoins as "
                                        + self
                                        + "'s standby; the witness, once it is back, must learn the"
                                        + " new primary (repmgr keeps its old upstream): on it,"
                                        + " runuser -u postgres -- repmgr -f /etc/repmgr.conf witness"
                                        + " register -h "
                                        + c.node().ip()
                                        + " -F"));
    }
}
