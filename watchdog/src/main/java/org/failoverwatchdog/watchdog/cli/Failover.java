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
final class Failover {
    private final WatchdogConfig c;
    private final OperatorHost host;
    private final Repmgr repmgr;
    private final Consumer<String> progress;

    Failover(WatchdogConfig c, OperatorHost host, Repmgr repmgr, Consumer<String> progress) {
        this.c = c;
        this.host = host;
        this.repmgr = repmgr;
        this.progress = progress;
    }

    OperatorReport run(boolean yes) throws InterruptedException {
        Instant start = host.now();
        String self = c.node().name(), peer = c.peer().name();
        PairSnapshot s = host.read(true);
        if (s.obs().db().known().map(d -> d.role() == DbRole.PRIMARY).orElse(false))
            return report(
                    OperatorReport.Result.NOTHING_TO_DO,
                    start,
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    self + "'s database already is primary: nothing to promote",
                    Optional.empty());
        List<Precheck> checks = checks(s);
        checks.forEach(x -> progress.accept(x.line()));
        List<OperatorReport.Phase> phases = new ArrayList<>();
        Instant checked = host.now();
        phases.add(
                Switchover.phase(
                        "checks",
                        Precheck.allPassed(checks),
                        start,
                        start,
                        checked,
                        checks.size() + " checks"));
        if (!Precheck.allPassed(checks))
            return refused(start, checks, phases, "a check failed: nothing was changed");
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
                        start,
                        checks,
                        phases,
                        "no terminal to confirm on: nothing was changed (add --yes to assert it"
                                + " without a question)");
            if (!answer.get())
                return refused(start, checks, phases, "not confirmed: nothing was changed");
            // The answer may have taken a while: what was gone must still be.
            Precheck again = gone(host.read(false));
            if (!again.passed()) {
                List<Precheck> all = new ArrayList<>(checks);
                all.add(again);
                return refused(
                        start,
                        all,
                        phases,
                        "since the question: " + again.detail() + "; nothing was changed");
            }
            phases.add(
                    Switchover.phase(
                            "confirmed",
                            true,
                            start,
                            checked,
                            host.now(),
                            "by " + host.operator()));
        }
        String by = host.operator();
        boolean marked =
                host.changeState(
                        st ->
                                st.withOperator(
                                        Optional.of(
                                                new WatchdogState.Operator.PeerGone(
                                                        host.now(), by, evidence))));
        if (!marked)
            return refused(
                    start,
                    checks,
                    phases,
                    "a tick held "
                            + c.stateDir().resolve("tick.lock")
                            + " too long to record the assertion: nothing was changed");
        HandoverRun.Outcome h =
                HandoverRun.run(
                        c,
                        host,
                        repmgr,
                        repmgr.promote(),
                        List.of(HandoverGates.Gate.DB_PRIMARY, HandoverGates.Gate.NEW_APP_ACTIVE),
                        progress);
        if (h.nothingMoved() || h.startError().isPresent()) {
            // Still a standby: an assertion about a promotion that did not happen is withdrawn.
            host.changeState(
                    st ->
                            st.operator().orElse(null) instanceof WatchdogState.Operator.PeerGone
                                    ? st.withOperator(Optional.empty())
                                    : st);
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
        List<String> pauses = PairPauses.of(s);
        out.add(
                pauses.isEmpty()
                        ? Precheck.pass(Precheck.Name.NOT_PAUSED, "nothing paused")
                        : Precheck.fail(
                                Precheck.Name.NOT_PAUSED,
                                String.join("; ", pauses),
                                "a paused watchdog would not bring up the app layer:"
                                        + " failover-watchdog resume first (the pair's;"
                                        + " `resume --node` for this node's own)"));
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
        List<OperatorReport.Phase> ps = new ArrayList<>(phases);
        Instant prev = h.repmgrStart();
        ps.add(
                Switchover.phase(
                        "repmgr standby promote",
                        h.run().map(Repmgr.Run::ok).orElse(false),
                        start,
                        prev,
                        h.repmgrEnd(),
                        h.run().map(Repmgr.Run::verdict).orElse(h.startError().orElse("not run"))));
        prev = h.repmgrEnd();
        for (GateTrack.Passed p : h.passed()) {
            ps.add(Switchover.phase(p.gate().what, true, start, prev, p.at(), p.seen()));
            if (p.at().isAfter(prev)) prev = p.at();
        }
        h.missed()
                .ifPresent(
                        m ->
                                ps.add(
                                        Switchover.phase(
                                                m.gate().what,
                                                false,
                                                start,
                                                h.repmgrEnd(),
                                                host.now(),
                                                "not within "
                                                        + c.switchover().settleTimeout().toSeconds()
                                                        + " s (switchover.settle_timeout): "
                                                        + m.seen())));
        if (h.startError().isPresent())
            return report(
                    OperatorReport.Result.FAILED,
                    start,
                    checks,
                    ps,
                    h.run(),
                    "repmgr could not be run: " + h.startError().get() + "; nothing was changed",
                    Optional.of("run as root (runuser), with repmgr installed"));
        if (h.nothingMoved())
            return report(
                    OperatorReport.Result.FAILED,
                    start,
                    checks,
                    ps,
                    h.run(),
                    "repmgr standby promote failed and "
                            + self
                            + "'s database is not primary: "
                            + h.run().get().verdict(),
                    Optional.of("read repmgr's output; failover-watchdog list shows the pair"));
        if (h.missed().isPresent())
            return report(
                    OperatorReport.Result.FAILED,
                    start,
                    checks,
                    ps,
                    h.run(),
                    self
                            + "'s database is primary, but "
                            + h.missed().get().gate().what
                            + " missed its deadline: "
                            + h.missed().get().seen(),
                    Optional.of("failover-watchdog status says what the watchdog waits for"));
        return report(
                OperatorReport.Result.DONE,
                start,
                checks,
                ps,
                h.run(),
                self
                        + " is primary and its app layer active in "
                        + OperatorReportRender.secs(ps.get(ps.size() - 1).at().toMillis())
                        + "; "
                        + peer
                        + ", when it returns, is a stale primary its own watchdog rejoins as "
                        + self
                        + "'s standby",
                Optional.empty());
    }

    private OperatorReport refused(
            Instant start, List<Precheck> checks, List<OperatorReport.Phase> phases, String msg) {
        return report(
                OperatorReport.Result.REFUSED,
                start,
                checks,
                phases,
                Optional.empty(),
                msg,
                checks.stream().filter(x -> !x.passed()).findFirst().flatMap(Precheck::fix));
    }

    private OperatorReport report(
            OperatorReport.Result result,
            Instant start,
            List<Precheck> checks,
            List<OperatorReport.Phase> phases,
            Optional<Repmgr.Run> run,
            String message,
            Optional<String> fix) {
        return new OperatorReport(
                OperatorReport.Command.FAILOVER,
                result,
                c.peer().name(),
                c.node().name(),
                false,
                start,
                checks,
                phases,
                run,
                message,
                fix);
    }
}
