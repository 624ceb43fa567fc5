package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * The performance data of `status` (README, "status as a monitoring plugin"). Each threshold is the
 * one by which the verdict itself goes WARNING or CRITICAL, so a graph's alert line and the check's
 * state agree; values with no such rule carry no threshold.
 */
final class StatusPerfdata {
    private StatusPerfdata() {}

    /**
     * Whether a pause keeps this node from acting: its own, or the pair's; not observed when the
     * pair's cannot be read and this node's is not set.
     */
    static Optional<Boolean> paused(Observations o, WatchdogState s) {
        if (s.paused().isPresent()) return Optional.of(true);
        return o.pairPause().known().map(PairPause::paused);
    }

    /**
     * @param setAside corrupt state files set aside and not yet removed (CRITICAL above 0, as the
     *     verdict)
     * @param tickAge since the last tick ended, read from the metrics textfile (only with
     *     metrics.textfile)
     */
    static List<Perfdata> of(
            WatchdogConfig c,
            Observations o,
            WatchdogState s,
            Optional<Journal.Entry> last,
            Optional<Duration> guardBeatAge,
            int setAside,
            Optional<Duration> tickAge) {
        Optional<DbState> db = o.db().known();
        Optional<EnvValues> env = o.env().known();
        int registered = StatusReport.registered(c, o);
        int types = c.router().serviceTypes().size();
        int repairs =
                s.repairs().values().stream()
                        .mapToInt(r -> r.within(c.thresholds().crashLoopWindow(), o.at()).size())
                        .max()
                        .orElse(0);
        List<Perfdata> out =
                new ArrayList<>(
                        List.of(
                                Perfdata.flag(
                                        "db_primary",
                                        db.map(x -> x.role() == DbRole.PRIMARY),
                                        "",
                                        ""),
                                Perfdata.count(
                                        "timeline",
                                        db.filter(x -> x.timeline() > 0).map(DbState::timeline),
                                        "",
                                        "",
                                        0,
                                        Optional.empty()),
                                Perfdata.flag(
                                        "app_primary",
                                        env.map(
                                                e ->
                                                        e.profiles()
                                                                .map(
                                                                        p ->
                                                                                List.of(
                                                                                                p
                                                                                                        .split(
                                                                                                                ","))
                                                                                        .stream()
                                                                                        .map(
                                                                                                String
                                                                                                        ::strip)
                                                                                        .anyMatch(
                                                                                                c.compose()
                                                                                                                .primaryProfile()
                                                                                                        ::equals))
                                                                .orElse(false)),
                                        "",
                                        ""),
                                Perfdata.flag(
                                        "router_local",
                                        o.containers()
                                                .known()
                                                .map(
                                                        m ->
                                                                Optional.ofNullable(
                                                                                m.get(
                                                                                        c.router()
                                                                                                .service()))
                                                                        .map(
                                                                                ContainerState
                                                                                        ::running)
                                                                        .orElse(false)),
                                        "",
                                        ""),
                                // CRITICAL as soon as one type is missing, as the verdict is
                                Perfdata.count(
                                        "types_missing",
                                        Optional.of(types - registered)
                                                .filter(x -> registered >= 0),
                                        "",
                                        "0",
                                        0,
                                        Optional.of((long) types)),
                                Perfdata.flag(
                                        "peer_up", o.peerNode().known().map(Answer::ok), "1:", ""),
                                Perfdata.flag(
                                        "fenced", Optional.of(s.fenced().isPresent()), "", "0"),
                                Perfdata.flag("paused", paused(o, s), "0", ""),
                                Perfdata.seconds(
                                        "router_absent",
                                        Optional.of(
                                                s.routerAbsentSince()
                                                        .map(
                                                                t ->
                                                                        Duration.between(t, o.at())
                                                                                        .toMillis()
                                                                                / 1000.0)
                                                        .orElse(0.0)),
                                        1,
                                        "0",
                                        ""),
                                // WARNING from crash_loop_repairs repairs of one service within
                                // crash_loop_window
                                Perfdata.count(
                                        "service_repairs",
                                        Optional.of(repairs),
                                        String.valueOf(c.thresholds().crashLoopRepairs() - 1),
                                        "",
                                        0,
                                        Optional.empty()),
                                Perfdata.seconds("pooler_time", latency(o.pooler()), 3, "", ""),
                                Perfdata.seconds(
                                        "last_transition_age",
                                        last.map(
                                                e ->
                                                        (double)
                                                                Math.max(
                                                                        0,
                                                                        Duration.between(
                                                                                        e.time(),
                                                                                        o.at())
                                                                                .toSeconds())),
                                        0,
                                        "",
                                        ""),
                                // CRITICAL while a corrupt state file the tick set aside is in the
                                // state directory
                                Perfdata.count(
                                        "corrupt_state_files",
                                        Optional.of(setAside),
                                        "",
                                        "0",
                                        0,
                                        Optional.empty())));
        // Every tick's end is recorded only in the metrics textfile
        // (failover_watchdog_last_tick_timestamp_seconds);
        // no verdict goes by it, so no threshold (the alert FailoverWatchdogNotTicking fires above
        // 60 s).
        if (c.metrics().textfile().isPresent()) {
            out.add(
                    Perfdata.seconds(
                            "tick_age",
                            tickAge.map(a -> (double) Math.max(0, a.toSeconds())),
                            0,
                            "",
                            ""));
        }
        if (c.guard().enabled()) {
            out.add(
                    Perfdata.seconds(
                            "guard_beat_age",
                            guardBeatAge.map(a -> (double) Math.max(0, a.toSeconds())),
                            0,
                            String.valueOf(StatusReport.GUARD_STALE.toSeconds()),
                            ""));
        }
        return out;
    }

    /** How long the pooler took to answer; not observed when it did not answer at all. */
    private static Optional<Double> latency(Observed<Answer> pooler) {
        return pooler.known().filter(Answer::ok).map(a -> pooler.latency().toNanos() / 1e9);
    }
}
