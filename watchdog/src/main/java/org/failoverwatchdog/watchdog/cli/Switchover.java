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
final class Switchover extends OperatorCommand {
    /** How often the prechecks are tried again while --wait lasts. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    record Options(boolean dryRun, SwitchoverPrechecks.Limits limits, Duration waitFor) {}

    Switchover(WatchdogConfig c, OperatorHost host, Repmgr repmgr, Consumer<String> progress) {
        super(OperatorReport.Command.SWITCHOVER, c, host, repmgr, progress);
    }

    OperatorReport run(Options o) throws InterruptedException {
        Instant start = host.now();
        String from = c.peer().name();
        List<Precheck> checks;
        Instant waitEnd = start.plus(o.waitFor());
        String lastFailing = "";
        while (true) {
            PairSnapshot s = host.read(false);
            if (alreadyPrimary(s)) return nothingToDo(o.dryRun(), start, "switch over");
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
        List<OperatorReport.Phase> phases = checked("prechecks", start, host.now(), checks);
        if (o.dryRun()) return dryRun(start, checks, phases);
        if (!Precheck.allPassed(checks))
            return refused(false, start, checks, phases, "a precheck failed: nothing was changed");

        Instant until =
                host.now()
                        .plus(c.switchover().repmgrTimeout())
                        .plus(c.switchover().settleTimeout());
        if (!mark(at -> new WatchdogState.Operator.Switchover(at, until, from)))
            return refused(false, start, checks, phases, markRefused("switchover"));
        try {
            HandoverRun.Outcome h =
                    handOver(
                            repmgr.switchover(false),
                            List.of(
                                    HandoverGates.Gate.DB_SETTLED,
                                    HandoverGates.Gate.NEW_APP_ACTIVE,
                                    HandoverGates.Gate.OLD_DEMOTED));
            return report(start, checks, phases, h);
        } finally {
            if (!unmark(WatchdogState.Operator.Switchover.class))
                progress.accept(
                        "note: the switchover's mark stays in state.json until "
                                + until
                                + " (a tick held the lock)");
        }
    }

    /** This node's database is primary and the peer's is not: the switchover is done. */
    private static boolean alreadyPrimary(PairSnapshot s) {
        return primaryHere(s)
                && s.obs()
                        .peerDb()
                        .flatMap(p -> p.known())
                        .map(d -> d.role() != DbRole.PRIMARY)
                        .orElse(false);
    }

    private OperatorReport dryRun(
            Instant start, List<Precheck> checks, List<OperatorReport.Phase> phases)
            throws InterruptedException {
        boolean standby =
                checks.stream()
                        .anyMatch(x -> x.name() == Precheck.Name.TARGET_STANDBY && x.passed());
        if (!standby) {
            // repmgr's dry run asks the same of a standby that is not one: nothing to add.
            return refused(
                    true,
                    start,
                    checks,
                    phases,
                    "a check failed (repmgr's dry run not run: this node is no standby of a"
                            + " primary): a switchover now would be refused");
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
        return report(
                ok ? OperatorReport.Result.DRY_RUN_OK : OperatorReport.Result.REFUSED,
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

    private OperatorReport report(
            Instant start,
            List<Precheck> checks,
            List<OperatorReport.Phase> phases,
            HandoverRun.Outcome h) {
        String from = c.peer().name(), to = c.node().name();
        Optional<Instant> promoted = h.run().flatMap(r -> r.output().promotedAt());
        List<OperatorReport.Phase> ps =
                handoverPhases(
                        phases,
                        start,
                        h,
                        "repmgr standby switchover",
                        repmgrDetail(h, start),
                        p -> p.seen() + afterPromotion(promoted, p.at()));
        OperatorReport r =
                ended(
                        start,
                        checks,
                        ps,
                        h,
                        new Endings(
                                "repmgr failed",
                                "read repmgr's output; `repmgr service status` tells whether"
                                        + " repmgrd was left paused (`repmgr service unpause`);"
                                        + " failover-watchdog list shows where the pair is",
                                "the switchover did not complete: ",
                                "failover-watchdog status on both nodes says what their watchdogs"
                                        + " wait for; failover-watchdog list shows the pair",
                                took ->
                                        to
                                                + " is primary, "
                                                + from
                                                + " its standby; both app layers converged in "
                                                + took));
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
                                + r.message()));
        return r;
    }

    /** How long after repmgr's promotion a gate passed; "" when repmgr did not say when. */
    private static String afterPromotion(Optional<Instant> promoted, Instant at) {
        return promoted.map(
                        t ->
                                " ("
                                        + OperatorReportRender.secs(
                                                Duration.between(t, at).toMillis())
                                        + " after repmgr's promotion)")
                .orElse("");
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
}
