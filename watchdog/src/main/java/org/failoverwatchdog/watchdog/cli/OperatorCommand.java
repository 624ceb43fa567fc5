package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * What `switchover` and `failover` share: both run on the node that becomes primary (the peer is
 * the one it takes over from), check, mark state.json for the rules, hand over with repmgr and the
 * gates ({@link HandoverRun}), time each phase, and report and journal how it went.
 */
abstract class OperatorCommand {
    final WatchdogConfig c;
    final OperatorHost host;
    final Repmgr repmgr;
    final Consumer<String> progress;
    private final OperatorReport.Command command;

    OperatorCommand(
            OperatorReport.Command command,
            WatchdogConfig c,
            OperatorHost host,
            Repmgr repmgr,
            Consumer<String> progress) {
        this.command = command;
        this.c = c;
        this.host = host;
        this.repmgr = repmgr;
        this.progress = progress;
    }

    /**
     * What a command says of each way its handover can end.
     *
     * @param repmgrFailed the start of the message when repmgr failed and nothing moved
     * @param incomplete the start of the message when a gate missed its deadline
     * @param done the message when every gate passed, given how long the handover took
     */
    record Endings(
            String repmgrFailed,
            String repmgrFailedFix,
            String incomplete,
            String incompleteFix,
            Function<String, String> done) {}

    /** This command's report: from the peer to this node. */
    final OperatorReport report(
            OperatorReport.Result result,
            boolean dryRun,
            Instant start,
            List<Precheck> checks,
            List<OperatorReport.Phase> phases,
            Optional<Repmgr.Run> run,
            String message,
            Optional<String> fix) {
        return new OperatorReport(
                command,
                result,
                c.peer().name(),
                c.node().name(),
                dryRun,
                start,
                checks,
                phases,
                run,
                message,
                fix);
    }

    /** This node's database already is primary: nothing was checked or run. */
    final OperatorReport nothingToDo(boolean dryRun, Instant start, String what) {
        return report(
                OperatorReport.Result.NOTHING_TO_DO,
                dryRun,
                start,
                List.of(),
                List.of(),
                Optional.empty(),
                c.node().name() + "'s database already is primary: nothing to " + what,
                Optional.empty());
    }

    /** Nothing was changed; the fix is the first failed check's. */
    final OperatorReport refused(
            boolean dryRun,
            Instant start,
            List<Precheck> checks,
            List<OperatorReport.Phase> phases,
            String message) {
        return report(
                OperatorReport.Result.REFUSED,
                dryRun,
                start,
                checks,
                phases,
                Optional.empty(),
                message,
                checks.stream().filter(x -> !x.passed()).findFirst().flatMap(Precheck::fix));
    }

    /** This node's database answers as primary. */
    static boolean primaryHere(PairSnapshot s) {
        return s.obs().db().known().map(d -> d.role() == DbRole.PRIMARY).orElse(false);
    }

    /** Shows each check, and times them as the first phase: from start to checkedAt. */
    final List<OperatorReport.Phase> checked(
            String name, Instant start, Instant checkedAt, List<Precheck> checks) {
        checks.forEach(x -> progress.accept(x.line()));
        List<OperatorReport.Phase> phases = new ArrayList<>();
        phases.add(
                phase(
                        name,
                        Precheck.allPassed(checks),
                        start,
                        start,
                        checkedAt,
                        checks.size() + " checks"));
        return phases;
    }

    /**
     * Leaves the rules a mark in state.json, made at the time it is written (under the tick lock).
     *
     * @return false when a tick held the lock too long: nothing changed
     */
    final boolean mark(Function<Instant, WatchdogState.Operator> mark) {
        return host.changeState(st -> st.withOperator(Optional.of(mark.apply(host.now()))));
    }

    /**
     * Removes the mark of this kind (one of another kind stays).
     *
     * @return false when a tick held the lock too long: the mark stays
     */
    final boolean unmark(Class<? extends WatchdogState.Operator> kind) {
        return host.changeState(
                st ->
                        kind.isInstance(st.operator().orElse(null))
                                ? st.withOperator(Optional.empty())
                                : st);
    }

    /** The refusal's message when the mark could not be left. */
    final String markRefused(String what) {
        return "a tick held "
                + c.stateDir().resolve("tick.lock")
                + " too long to record the "
                + what
                + ": nothing was changed";
    }

    /** repmgr's argv run, then the gates until they pass or settle_timeout. */
    final HandoverRun.Outcome handOver(List<String> argv, List<HandoverGates.Gate> gates)
            throws InterruptedException {
        return HandoverRun.run(c, host, repmgr, argv, gates, progress);
    }

    /**
     * The phases so far, then repmgr's and each gate's, the one that missed included.
     *
     * @param seen what a passed gate's phase says
     */
    final List<OperatorReport.Phase> handoverPhases(
            List<OperatorReport.Phase> phases,
            Instant start,
            HandoverRun.Outcome h,
            String repmgrPhase,
            String repmgrDetail,
            Function<GateTrack.Passed, String> seen) {
        List<OperatorReport.Phase> ps = new ArrayList<>(phases);
        Instant prev = h.repmgrStart();
        ps.add(
                phase(
                        repmgrPhase,
                        h.run().map(Repmgr.Run::ok).orElse(false),
                        start,
                        prev,
                        h.repmgrEnd(),
                        repmgrDetail));
        prev = h.repmgrEnd();
        for (GateTrack.Passed p : h.passed()) {
            ps.add(phase(p.gate().what, true, start, prev, p.at(), seen.apply(p)));
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
        return ps;
    }

    /**
     * How the handover ended: FAILED when repmgr could not be run, when it failed and this node's
     * database is not primary, or when a gate missed its deadline; else DONE.
     */
    final OperatorReport ended(
            Instant start,
            List<Precheck> checks,
            List<OperatorReport.Phase> ps,
            HandoverRun.Outcome h,
            Endings e) {
        OperatorReport.Result result = OperatorReport.Result.FAILED;
        String message;
        Optional<String> fix;
        if (h.startError().isPresent()) {
            message = "repmgr could not be run: " + h.startError().get() + "; nothing was changed";
            fix = Optional.of("run as root (runuser), with repmgr installed");
        } else if (h.nothingMoved()) {
            message =
                    e.repmgrFailed()
                            + " and "
                            + c.node().name()
                            + "'s database is not primary: "
                            + h.run().get().verdict();
            fix = Optional.of(e.repmgrFailedFix());
        } else if (h.missed().isPresent()) {
            message =
                    e.incomplete()
                            + h.missed().get().gate().what
                            + " missed its deadline: "
                            + h.missed().get().seen();
            fix = Optional.of(e.incompleteFix());
        } else {
            result = OperatorReport.Result.DONE;
            message =
                    e.done()
                            .apply(
                                    OperatorReportRender.secs(
                                            ps.get(ps.size() - 1).at().toMillis()));
            fix = Optional.empty();
        }
        return report(result, false, start, checks, ps, h.run(), message, fix);
    }

    /** A phase from its beginning to its end, placed after the phase before. */
    static OperatorReport.Phase phase(
            String name, boolean ok, Instant start, Instant from, Instant end, String detail) {
        Duration took = Duration.between(from, end);
        if (took.isNegative()) took = Duration.ZERO;
        return new OperatorReport.Phase(name, ok, took, Duration.between(start, end), detail);
    }
}
