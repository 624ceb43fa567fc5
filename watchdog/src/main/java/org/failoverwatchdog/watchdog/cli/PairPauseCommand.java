package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.failoverwatchdog.convergence.ActionException;
import org.failoverwatchdog.convergence.PairPauseWriter;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.PostgresProbe;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * `failover-watchdog pause` and `resume` of the pair: the row on the primary ({@link
 * PairPauseWriter}), then a wait until the other node's database shows it, since that node's tick
 * reads it from there. No lock: the row is the database's, not this node's state file; a plan that
 * already runs when the pause lands runs to its end.
 */
final class PairPauseCommand {
    static final int PAUSED = 0;
    static final int NOT_WRITTEN = 1;
    static final int NOT_SHOWN = 3;
    private static final Duration POLL = Duration.ofMillis(100);

    private final WatchdogConfig c;
    private final PostgresProbe probe;
    private final Duration wait;

    /**
     * @param wait how long the other node's database is given to show the write
     */
    PairPauseCommand(WatchdogConfig c, Duration wait) {
        this.c = c;
        this.probe = new PostgresProbe(c.thresholds().probeTimeout());
        this.wait = wait;
    }

    /**
     * What to print: lines for stdout, lines for stderr (problems), the same as JSON, the exit
     * code.
     */
    record Outcome(int exit, List<String> out, List<String> err, CliJson.PairPauseOutput json) {}

    Outcome pause(String by, String reason) throws InterruptedException {
        PauseTarget t = target();
        if (!(t instanceof PauseTarget.Found f))
            return notWritten(((PauseTarget.NotFound) t).why(), PAUSE_FIX);
        PairPauseWriter.Written w;
        try {
            w =
                    new PairPauseWriter(f.primary(), c.thresholds().probeTimeout())
                            .pause(by, c.node().name(), reason);
        } catch (ActionException e) {
            return notWritten(e.getMessage(), PAUSE_FIX);
        }
        List<String> out = new ArrayList<>();
        out.add(
                "pair "
                        + w.now()
                        + " (written on "
                        + f.primaryName()
                        + "'s database"
                        + w.before()
                                .map(
                                        b ->
                                                "; it replaces the pause by "
                                                        + b.by()
                                                        + " on "
                                                        + b.on()
                                                        + " since "
                                                        + b.since()
                                                        + ": "
                                                        + b.reason())
                                .orElse("")
                        + ")");
        PairPause.Paused now = w.now();
        ReplayWait.Result r = awaitStandby(f, now::equals);
        CliJson.PairPaused json =
                new CliJson.PairPaused(
                        "pair",
                        true,
                        now.by(),
                        now.on(),
                        now.since(),
                        now.reason(),
                        f.primaryName(),
                        w.before().map(PairListingJson.PauseJson::of).orElse(null),
                        shown(f, r));
        return replayed(
                f,
                r,
                out,
                json,
                ": neither watchdog acts until `failover-watchdog resume`",
                "goes on acting",
                "run `failover-watchdog pause --node` on " + f.standbyName());
    }

    /**
     * @param node this node's own pause, which the pair's resume leaves as it is (said so)
     */
    Outcome resume(Optional<WatchdogState.Pause> node) throws InterruptedException {
        PauseTarget t = target();
        if (!(t instanceof PauseTarget.Found f))
            return notWritten(((PauseTarget.NotFound) t).why(), RESUME_FIX);
        PairPause was;
        try {
            was = new PairPauseWriter(f.primary(), c.thresholds().probeTimeout()).resume();
        } catch (ActionException e) {
            return notWritten(e.getMessage(), RESUME_FIX);
        }
        List<String> out = new ArrayList<>();
        PairListingJson.PauseJson wasJson =
                was instanceof PairPause.Paused p ? PairListingJson.PauseJson.of(p) : null;
        CliJson.NodePause nodePaused =
                node.map(p -> new CliJson.NodePause(p.since(), p.reason(), p.by())).orElse(null);
        String nodeNote =
                node.map(
                                p ->
                                        "; "
                                                + c.node().name()
                                                + " stays paused on its own (pause --node "
                                                + p
                                                + "): `failover-watchdog resume --node` ends that")
                        .orElse("");
        if (!(was instanceof PairPause.Paused p)) {
            out.add(
                    "the pair was not paused ("
                            + f.primaryName()
                            + "'s database: "
                            + was
                            + ")"
                            + nodeNote);
            return new Outcome(
                    PAUSED,
                    out,
                    List.of(),
                    new CliJson.PairResumed(
                            "pair", false, wasJson, f.primaryName(), nodePaused, null));
        }
        out.add(
                "pair resumed (it was "
                        + p
                        + "; removed on "
                        + f.primaryName()
                        + "'s database)"
                        + nodeNote);
        Predicate<PairPause> gone = v -> !v.paused();
        ReplayWait.Result r = awaitStandby(f, gone);
        CliJson.PairResumed json =
                new CliJson.PairResumed(
                        "pair", false, wasJson, f.primaryName(), nodePaused, shown(f, r));
        return replayed(f, r, out, json, "", "stays paused", "its replication needs mending first");
    }

    /**
     * How the write ended in the standby's database: shown (exit 0), said with what that means; or
     * not within --wait (exit 3), said with what its watchdog does meanwhile and what to do if it
     * is cut off from the primary.
     */
    private Outcome replayed(
            PauseTarget.Found f,
            ReplayWait.Result r,
            List<String> out,
            CliJson.PairPauseOutput json,
            String shownMeans,
            String meanwhile,
            String ifCutOff) {
        if (r instanceof ReplayWait.Result.Shown s) {
            out.add(
                    f.standbyName()
                            + "'s database shows it after "
                            + seconds(s.after())
                            + shownMeans);
            return new Outcome(PAUSED, out, List.of(), json);
        }
        return new Outcome(
                NOT_SHOWN,
                out,
                List.of(
                        notShown(f, (ReplayWait.Result.NotShown) r)
                                + ": its watchdog "
                                + meanwhile
                                + " until its database replays it; if "
                                + f.standbyName()
                                + " is cut off from "
                                + f.primaryName()
                                + ", "
                                + ifCutOff),
                json);
    }

    /** Both roles at once: each read is bounded by the probe timeout. */
    private PauseTarget target() {
        var self = CompletableFuture.supplyAsync(() -> probe.role(c.postgres().local()));
        Optional<CompletableFuture<Observed<DbState>>> peer =
                c.postgres().peer().map(p -> CompletableFuture.supplyAsync(() -> probe.role(p)));
        return PauseTarget.of(c, self.join(), peer.map(CompletableFuture::join));
    }

    private ReplayWait.Result awaitStandby(PauseTarget.Found f, Predicate<PairPause> shows)
            throws InterruptedException {
        if (f.standby().isEmpty())
            return new ReplayWait.Result.NotShown(
                    Observed.unknown(
                            "not read from here: postgres.peer is not configured (fix: add it, or see `failover-watchdog status` on "
                                    + f.standbyName()
                                    + ")",
                            Duration.ZERO));
        try (PostgresProbe.Session s = probe.session(f.standby().get())) {
            return ReplayWait.await(s::pairPause, shows, wait, POLL);
        }
    }

    private static CliJson.Shown shown(PauseTarget.Found f, ReplayWait.Result r) {
        if (r instanceof ReplayWait.Result.Shown s)
            return new CliJson.Shown(f.standbyName(), true, s.after().toMillis(), null);
        return new CliJson.Shown(
                f.standbyName(), false, null, ((ReplayWait.Result.NotShown) r).last().describe());
    }

    private String notShown(PauseTarget.Found f, ReplayWait.Result.NotShown r) {
        return f.standbyName()
                + "'s database does not show it after "
                + seconds(wait)
                + " (it shows: "
                + r.last().describe()
                + ")";
    }

    private static final String PAUSE_FIX =
            "mend that and run it again, or pause each node on its own with `failover-watchdog pause --node`";
    private static final String RESUME_FIX =
            "mend that and run it again: the pair stays paused where its database shows the pause";

    private Outcome notWritten(String why, String fix) {
        return new Outcome(
                NOT_WRITTEN,
                List.of(),
                List.of("the pair's pause was not changed: " + why + " (fix: " + fix + ")"),
                new CliJson.PairPauseNotWritten("pair", why));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
