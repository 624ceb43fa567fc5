package org.failoverwatchdog.watchdog.cli;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * `switchover`, run on the standby that becomes primary: the prechecks (retried for --wait), then
 * repmgr's `standby switchover --siblings-follow`, then the gates until the pair is healthy again,
 * each phase timed. While it runs, state.json says a switchover is under way, so Rule 3 does not
 * take the planned stop of the old primary's database for a lost node (docs/DESIGN.md, "Operator
 * commands"). --dry-run runs the prechecks and repmgr's own dry run and changes nothing.
 */
final class Switchover {
    /** How often the prechecks are tried again while --wait lasts. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    record Options(boolean dryRun, SwitchoverPrechecks.Limits limits, Duration waitFor) {}

    private final WatchdogConfig c;
    private final OperatorHost host;
    private final Repmgr repmgr;
    private final Consumer<String> progress;

    Switchover(WatchdogConfig c, OperatorHost host, Repmgr repmgr, Consumer<String> progress) {
        this.c = c;
        this.host = host;
        this.repmgr = repmgr;
        this.progress = progress;
    }

    OperatorReport run(Options o) throws InterruptedException {
        Instant start = host.now();
        String from = c.peer().name(), to = c.node().name();
        List<Precheck> checks;
        Instant waitEnd = start.plus(o.waitFor());
        String lastFailing = "";
        while (true) {
            PairSnapshot s = host.read(false);
            if (alreadyPrimary(s))
                return new OperatorReport(
                        OperatorReport.Command.SWITCHOVER,
                        OperatorReport.Result.NOTHING_TO_DO,
                        from,
                        to,
                        o.dryRun(),
                        start,
                        List.of(),
                        List.of(),
                        Optional.empty(),
                        to + "'s database already is primary: nothing to switch over",
                        Optional.empty());
            checks = SwitchoverPrechecks.run(c, s, o.limits(), host.lockFree(), host.now());
            if (Precheck.allPassed(checks) || !host.now().isBefore(waitEnd)) break;
            String failing =
                    checks.stream()
                            .filter(x -> !x.passed())
                            .map(x -> x.name().wire)
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("");
            if (!failing.equals(lastFailing))
                progress.accept("waiting (--wait) for the prechecks: " + failing);
            lastFailing = failing;
            host.sleep(RECHECK);
        }
        List<OperatorReport.Phase> phases = new ArrayList<>();
        Instant checked = host.now();
        checks.forEach(x -> progress.accept(x.line()));
        phases.add(
                phase(
                        "prechecks",
                        Precheck.allPassed(checks),
                        start,
                        start,
                        checked,
                        checks.size() + " checks"));
        if (o.dryRun()) return dryRun(o, start, checks, phases);
        if (!Precheck.allPassed(checks))
            return refused(o, start, checks, phases, "a precheck failed: nothing was changed");

        Instant until =
                host.now()
                        .plus(c.switchover().repmgrTimeout())
                        .plus(c.switchover().settleTimeout());
        boolean marked =
                host.changeState(
                        st ->
                                st.withOperator(
                                        Optional.of(
                                                new WatchdogState.Operator.Switchover(
                                                        host.now(), until, from))));
        if (!marked)
            return refused(
                    o,
                    start,
                    checks,
                    phases,
                    "a tick held "
                            + c.stateDir().resolve("tick.lock")
                            + " too long to record the switchover: nothing was changed");
        try {
            HandoverRun.Outcome h =
                    HandoverRun.run(
                            c,
                            host,
                            repmgr,
                            repmgr.switchover(false),
                            List.of(
                                    HandoverGates.Gate.DB_SETTLED,
                                    HandoverGates.Gate.NEW_APP_ACTIVE,
                                    HandoverGates.Gate.OLD_DEMOTED),
                            progress);
            return report(o, start, checks, phases, h);
        } finally {
            if (!host.changeState(
                    st ->
                            st.operator().orElse(null) instanceof WatchdogState.Operator.Switchover
                                    ? st.withOperator(Optional.empty())
                                    : st))
                progress.accept(
                        "note: the switchover's mark stays in state.json until "
                                + until
                                + " (a tick held the lock)");
        }
    }

    private boolean alreadyPrimary(PairSnapshot s) {
        return s.obs().db().known().map(d -> d.role() == DbRole.PRIMARY).orElse(false)
                && s.obs()
                        .peerDb()
                        .flatMap(p -> p.known())
                        .map(d -> d.role() != DbRole.PRIMARY)
                        .orElse(false);
    }

    private OperatorReport dryRun(
            Options o, Instant start, List<Precheck> checks, List<OperatorReport.Phase> phases)
            throws InterruptedException {
        boolean standby =
                checks.stream()
                        .anyMatch(x -> x.name() == Precheck.Name.TARGET_STANDBY && x.passed());
        if (!standby) {
            // repmgr's dry run asks the same of a standby that is not one: nothing to add.
            return new OperatorReport(
                    OperatorReport.Command.SWITCHOVER,
                    OperatorReport.Result.REFUSED,
                    c.peer().name(),
                    c.node().name(),
                    true,
                    start,
                    checks,
                    phases,
                    Optional.empty(),
                    "a check failed (repmgr's dry run not run: this node is no standby of a"
                            + " primary): a switchover now would be refused",
                    checks.stream().filter(x -> !x.passed()).findFirst().flatMap(Precheck::fix));
        }
        List<String> argv = repmgr.switchover(true);
        progress.accept("running: " + String.join(" ", argv));
        Instant t = host.now();
        Optional<Repmgr.Run> run;
        Precheck verdict;
        try {
            run =
                    Optional.of(
                            repmgr.run(
                                    argv,
                                    c.switchover().repmgrTimeout(),
                                    l -> progress.accept("  repmgr: " + l.text())));
            verdict =
                    run.get().ok() && run.get().output().dryRunPassed()
                            ? Precheck.pass(
                                    Precheck.Name.REPMGR_DRY_RUN,
                                    "repmgr: prerequisites for executing STANDBY SWITCHOVER are met")
                            : Precheck.fail(
                                    Precheck.Name.REPMGR_DRY_RUN,
                                    "repmgr: " + run.get().verdict(),
                                    "what repmgr's output says (above, or --json's repmgr.output)");
        } catch (IOException e) {
            run = Optional.empty();
            verdict =
                    Precheck.fail(
                            Precheck.Name.REPMGR_DRY_RUN,
                            "repmgr could not be run: " + e.getMessage(),
                            "run as root (runuser), with repmgr installed and "
                                    + c.fencing().repmgrConf()
                                    + " readable (fencing.repmgr_conf)");
        }
        progress.accept(verdict.line());
        List<Precheck> all = new ArrayList<>(checks);
        all.add(verdict);
        List<OperatorReport.Phase> ps = new ArrayList<>(phases);
        ps.add(
                phase(
                        "repmgr dry run",
                        verdict.passed(),
                        start,
                        t,
                        host.now(),
                        run.map(Repmgr.Run::verdict).orElse(verdict.detail())));
        boolean ok = Precheck.allPassed(all);
        return new OperatorReport(
                OperatorReport.Command.SWITCHOVER,
                ok ? OperatorReport.Result.DRY_RUN_OK : OperatorReport.Result.REFUSED,
                c.peer().name(),
                c.node().name(),
                true,
                start,
                all,
                ps,
                run,
                ok
                        ? "every check passed: failover-watchdog switchover would switch "
                                + c.peer().name()
                                + " over to "
                                + c.node().name()
                        : "a check failed: a switchover now would be refused (nothing was changed)",
                Optional.empty());
    }

    private OperatorReport refused(
            Options o,
            Instant start,
            List<Precheck> checks,
            List<OperatorReport.Phase> phases,
            String message) {
        Optional<String> fix =
                checks.stream().filter(x -> !x.passed()).findFirst().flatMap(Precheck::fix);
        return new OperatorReport(
                OperatorReport.Command.SWITCHOVER,
                OperatorReport.Result.REFUSED,
                c.peer().name(),
                c.node().name(),
                o.dryRun(),
                start,
                checks,
                phases,
                Optional.empty(),
                message,
                fix);
    }

    private OperatorReport report(
            Options o,
            Instant start,
            List<Precheck> checks,
            List<OperatorReport.Phase> phases,
            HandoverRun.Outcome h) {
        String from = c.peer().name(), to = c.node().name();
        List<OperatorReport.Phase> ps = new ArrayList<>(phases);
        Instant prev = h.repmgrStart();
        ps.add(
                phase(
                        "repmgr standby switchover",
                        h.run().map(Repmgr.Run::ok).orElse(false),
                        start,
                        prev,
                        h.repmgrEnd(),
                        repmgrDetail(h, start)));
        prev = h.repmgrEnd();
        Optional<Instant> promoted = h.run().flatMap(r -> r.output().promotedAt());
        for (GateTrack.Passed p : h.passed()) {
            String after =
                    promoted.map(
                                    t ->
                                            " ("
                                                    + OperatorReportRender.secs(
                                                            Duration.between(t, p.at()).toMillis())
                                                    + " after repmgr's promotion)")
                            .orElse("");
            ps.add(phase(p.gate().what, true, start, prev, p.at(), p.seen() + after));
            if (p.at().isAfter(prev)) prev = p.at();
        }
        h.missed()
                .ifPresent(
                        m ->
                                ps.add(
                                        phase(
                                                m.gate().what,
                                                false,
                                                start,
                                                h.repmgrEnd(),
                                                host.now(),
                                                "not within "
                                                        + c.switchover().settleTimeout().toSeconds()
                                                        + " s (switchover.settle_timeout): "
                                                        + m.seen())));
        OperatorReport.Result result;
        String message;
        Optional<String> fix = Optional.empty();
        if (h.startError().isPresent()) {
            result = OperatorReport.Result.FAILED;
            message = "repmgr could not be run: " + h.startError().get() + "; nothing was changed";
            fix = Optional.of("run as root (runuser), with repmgr installed");
        } else if (h.nothingMoved()) {
            result = OperatorReport.Result.FAILED;
            message =
                    "repmgr failed and "
                            + to
                            + "'s database is not primary: "
                            + h.run().get().verdict();
            fix =
                    Optional.of(
                            "read repmgr's output; `repmgr service status` tells whether repmgrd"
                                    + " was left paused (`repmgr service unpause`); failover-watchdog"
                                    + " list shows where the pair is");
        } else if (h.missed().isPresent()) {
            result = OperatorReport.Result.FAILED;
            message =
                    "the switchover did not complete: "
                            + h.missed().get().gate().what
                            + " missed its deadline: "
                            + h.missed().get().seen();
            fix =
                    Optional.of(
                            "failover-watchdog status on both nodes says what their watchdogs wait"
                                    + " for; failover-watchdog list shows the pair");
        } else {
            result = OperatorReport.Result.DONE;
            message =
                    to
                            + " is primary, "
                            + from
                            + " its standby; both app layers converged in "
                            + OperatorReportRender.secs(ps.get(ps.size() - 1).at().toMillis());
        }
        OperatorReport r =
                new OperatorReport(
                        OperatorReport.Command.SWITCHOVER,
                        result,
                        from,
                        to,
                        false,
                        start,
                        checks,
                        ps,
                        h.run(),
                        message,
                        fix);
        host.journal(
                r.journalEntry(
                        to,
                        "planned switchover from "
                                + from
                                + " to "
                                + to
                                + " by "
                                + host.operator()
                                + ": "
                                + message));
        return r;
    }

    private static String repmgrDetail(HandoverRun.Outcome h, Instant start) {
        if (h.run().isEmpty()) return h.startError().orElse("not run");
        Repmgr.Run r = h.run().get();
        RepmgrOutput out = r.output();
        StringBuilder b = new StringBuilder(r.ok() ? "exit 0" : r.verdict());
        out.oldPrimaryStoppedAt()
                .ifPresent(t -> b.append("; old primary stopped at ").append(at(start, t)));
        out.promotedAt().ifPresent(t -> b.append("; promoted at ").append(at(start, t)));
        return b.toString();
    }

    private static String at(Instant start, Instant t) {
        return "+" + OperatorReportRender.secs(Duration.between(start, t).toMillis());
    }

    /** A phase from its beginning to its end, placed after the phase before. */
    static OperatorReport.Phase phase(
            String name, boolean ok, Instant start, Instant from, Instant end, String detail) {
        Duration took = Duration.between(from, end);
        if (took.isNegative()) took = Duration.ZERO;
        return new OperatorReport.Phase(name, ok, took, Duration.between(start, end), detail);
    }
}
