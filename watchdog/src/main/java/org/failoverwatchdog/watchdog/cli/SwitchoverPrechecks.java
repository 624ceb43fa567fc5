package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RegistryEntry;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.AppRole;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * The prechecks of `switchover`, run on the target standby: a pure function of what `list` reads
 * ({@link PairSnapshot}), whether the tick lock was free, and the time. Each check is named and
 * says, when it fails, what it saw and the fix; they all run, so one refusal shows every problem.
 */
final class SwitchoverPrechecks {
    private SwitchoverPrechecks() {}

    /**
     * @param maxLagBytes the target's replay may be at most this far behind the primary's WAL
     * @param maxLagSeconds and its replay_lag at most this
     */
    record Limits(long maxLagBytes, double maxLagSeconds) {}

    /**
     * @param lockFree the tick lock could be taken within a few seconds (a quiet tick holds it for
     *     less than one; a transition for many)
     */
    static List<Precheck> run(
            WatchdogConfig c, PairSnapshot s, Limits limits, boolean lockFree, Instant now) {
        PairListing l = PairListing.of(c, s);
        PairListing.NodeRow self = l.nodes().get(0), peer = l.nodes().get(1);
        List<Precheck> out = new ArrayList<>();
        out.add(targetStandby(c, self, peer));
        out.add(lag(self, limits));
        out.add(appLayers(c, s, l, self, peer));
        out.add(completeView(c, s, l, self, peer));
        out.add(notPaused(s));
        out.add(notFenced(self, peer));
        out.add(noTransition(c, s, lockFree, now));
        out.add(settled(c, s, now));
        out.add(witness(c, s));
        return List.copyOf(out);
    }

    private static Precheck targetStandby(
            WatchdogConfig c, PairListing.NodeRow self, PairListing.NodeRow peer) {
        Precheck.Name n = Precheck.Name.TARGET_STANDBY;
        Optional<DbState> mine = self.db().known(), theirs = peer.db().known();
        if (mine.isEmpty())
            return Precheck.fail(
                    n,
                    "this node's database: " + PairListing.reason(self.db()),
                    "see failover-watchdog status");
        if (mine.get().role() != DbRole.STANDBY)
            return Precheck.fail(
                    n,
                    "this node's database is " + mine.get().role() + ", not a standby",
                    mine.get().role() == DbRole.PRIMARY
                            ? "it already is primary: nothing to switch over"
                            : "start it as a standby of " + peer.name() + " first");
        if (theirs.isEmpty())
            return Precheck.fail(
                    n,
                    peer.name() + "'s database: " + PairListing.reason(peer.db()),
                    "the current primary must answer for a switchover; if it is gone:"
                            + " failover-watchdog failover --to "
                            + c.node().name());
        if (theirs.get().role() != DbRole.PRIMARY)
            return Precheck.fail(
                    n,
                    peer.name() + "'s database is " + theirs.get().role() + ", not primary",
                    "there is no primary to switch over from; if it is gone: failover-watchdog"
                            + " failover --to "
                            + c.node().name());
        if (self.lag().known().orElse(null) instanceof PairListing.Lag.FromPrimary fp
                && "streaming".equals(fp.state()))
            return Precheck.pass(
                    n,
                    self.name()
                            + " streams from "
                            + fp.primary()
                            + " (timeline "
                            + mine.get().timeline()
                            + ")");
        return Precheck.fail(
                n,
                self.name() + " is not streaming from " + peer.name() + ": " + lagSays(self),
                "wait until it streams (failover-watchdog list shows it), or repair the"
                        + " replication first");
    }

    private static String lagSays(PairListing.NodeRow row) {
        Observed<PairListing.Lag> lag = row.lag();
        if (!(lag instanceof Observed.Known<PairListing.Lag> k)) return PairListing.reason(lag);
        PairListing.Lag v = k.value();
        if (v instanceof PairListing.Lag.FromPrimary fp)
            return "state " + fp.state() + " in " + fp.primary() + "'s pg_stat_replication";
        if (v instanceof PairListing.Lag.NotStreaming ns)
            return "not in " + ns.primary() + "'s pg_stat_replication";
        if (v instanceof PairListing.Lag.FromStandby fs)
            return "the primary's view could not be read (" + fs.why() + ")";
        return String.valueOf(v);
    }

    private static Precheck lag(PairListing.NodeRow self, Limits limits) {
        Precheck.Name n = Precheck.Name.LAG;
        if (!(self.lag().known().orElse(null) instanceof PairListing.Lag.FromPrimary fp))
            return Precheck.fail(
                    n,
                    "the primary's view of this standby's lag: " + lagSays(self),
                    "the primary's pg_stat_replication must list it (GRANT pg_monitor TO the"
                            + " watchdog's role)");
        if (fp.bytes().isEmpty())
            return Precheck.fail(
                    n,
                    "the standby has replayed nothing yet",
                    "wait until it replays (failover-watchdog list)");
        long bytes = fp.bytes().getAsLong();
        String seconds =
                fp.seconds().isPresent()
                        ? String.format("%.1f s", fp.seconds().getAsDouble())
                        : "replay_lag not reported";
        String seen = bytes + " B behind, " + seconds;
        String bounds =
                " (at most "
                        + limits.maxLagBytes()
                        + " B and "
                        + trim(limits.maxLagSeconds())
                        + " s: switchover.max_lag, max_lag_time, or --max-lag-bytes,"
                        + " --max-lag-seconds)";
        if (bytes > limits.maxLagBytes()
                || (fp.seconds().isPresent()
                        && fp.seconds().getAsDouble() > limits.maxLagSeconds()))
            return Precheck.fail(
                    n,
                    seen + bounds,
                    "wait until the standby catches up (failover-watchdog list), or find what"
                            + " slows its replay");
        return Precheck.pass(n, seen + bounds);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static Precheck appLayers(
            WatchdogConfig c,
            PairSnapshot s,
            PairListing l,
            PairListing.NodeRow self,
            PairListing.NodeRow peer) {
        List<String> problems = new ArrayList<>();
        Optional<EnvValues> env = s.obs().env().known();
        if (self.app().known().map(a -> a.role() != AppRole.SECONDARY).orElse(false))
            problems.add(self.name() + "'s app layer is primary while its database is a standby");
        if (env.isPresent() && !env.get().haRouterIp().orElse("").equals(c.peer().ip()))
            problems.add(
                    self.name()
                            + "'s HA_ROUTER_IP is "
                            + env.get().haRouterIp().orElse("(unset)")
                            + ", not "
                            + peer.name()
                            + " "
                            + c.peer().ip());
        if (self.router().container().flatMap(Observed::known).map(Answer::ok).orElse(false))
            problems.add("a router container runs on " + self.name());
        if (self.router().answers().known().map(Answer::ok).orElse(false))
            problems.add("a router answers on " + self.name() + "'s address");
        if (peer.app().known().map(a -> a.role() != AppRole.PRIMARY).orElse(false))
            problems.add(peer.name() + "'s app layer is not primary: " + peer.app().known().get());
        if (l.registry().known().flatMap(PairListing.RegistryRead::activeNotAnswering).isPresent())
            problems.add(
                    "HA_ROUTER_IP's router does not answer: "
                            + l.registry().known().get().activeNotAnswering().get());
        for (PairListing.NodeRow row : List.of(peer, self)) {
            Optional<PairListing.Registered> r = row.registry().known();
            if (r.isPresent() && r.get().active() < r.get().byType().size())
                problems.add(
                        row.name()
                                + " has "
                                + r.get().active()
                                + "/"
                                + r.get().byType().size()
                                + " types ACTIVE"
                                + missing(r.get()));
        }
        return Precheck.unless(
                Precheck.Name.APP_LAYERS,
                problems,
                peer.name()
                        + " runs the primary app layer (its router answers), "
                        + self.name()
                        + " the secondary; every type of both ACTIVE in "
                        + peer.name()
                        + "'s router",
                "let the watchdogs converge first (failover-watchdog status on each node)");
    }

    private static String missing(PairListing.Registered r) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Optional<RegistryEntry>> e : r.byType().entrySet()) {
            if (!e.getValue().map(RegistryEntry::active).orElse(false))
                out.add(
                        e.getKey()
                                + " "
                                + e.getValue()
                                        .map(x -> x.role() + "/" + x.status())
                                        .orElse("missing"));
        }
        return out.isEmpty() ? "" : " (" + String.join(", ", out) + ")";
    }

    /**
     * Everything the other checks read, known; the peer's own pause (pause --node) and fence are
     * not read from here (its fence shows as its database does).
     */
    private static Precheck completeView(
            WatchdogConfig c,
            PairSnapshot s,
            PairListing l,
            PairListing.NodeRow self,
            PairListing.NodeRow peer) {
        List<String> unknown = new ArrayList<>();
        for (PairListing.NodeRow row : List.of(self, peer)) {
            unknownIf(unknown, row.name() + " database", row.db());
            unknownIf(unknown, row.name() + " app layer", row.app());
            unknownIf(unknown, row.name() + " router", row.router().answers());
            row.router()
                    .container()
                    .ifPresent(x -> unknownIf(unknown, row.name() + " router container", x));
            unknownIf(unknown, row.name() + " registry", row.registry());
        }
        unknownIf(unknown, self.name() + " lag", self.lag());
        unknownIf(unknown, "the registry", l.registry());
        unknownIf(unknown, "this node's .env", s.obs().env());
        unknownIf(unknown, "this node's pooler", s.obs().pooler());
        unknownIf(unknown, "this node's state file", s.state());
        if (c.witness().isPresent())
            unknownIf(
                    unknown,
                    "the witness",
                    s.obs().witnessReach().orElse(Observed.unknown("not observed", Duration.ZERO)));
        Precheck.Name n = Precheck.Name.COMPLETE_VIEW;
        if (!unknown.isEmpty())
            return Precheck.fail(
                    n,
                    "UNKNOWN: " + String.join("; ", unknown),
                    "every item must be read before the primary moves (failover-watchdog list"
                            + " says why each is not)");
        return Precheck.pass(
                n,
                "every item read (the peer's own pause and fence are not read from here: its"
                        + " fence shows as its database does)");
    }

    private static void unknownIf(List<String> out, String what, Observed<?> o) {
        if (o instanceof Observed.Unknown<?> u) out.add(what + " (" + u.reason() + ")");
    }

    private static Precheck notPaused(PairSnapshot s) {
        return Precheck.unless(
                Precheck.Name.NOT_PAUSED,
                PairPauses.of(s),
                "nothing paused",
                "a paused watchdog would leave its app layer behind: failover-watchdog resume"
                        + " first (the pair's; `resume --node` for this node's own)");
    }

    private static Precheck notFenced(PairListing.NodeRow self, PairListing.NodeRow peer) {
        List<String> fenced = new ArrayList<>();
        for (PairListing.NodeRow row : List.of(self, peer)) {
            Optional<Answer> f = row.fenced().known();
            if (f.map(Answer::ok).orElse(false))
                fenced.add(row.name() + " is fenced (" + f.get().detail() + ")");
        }
        return Precheck.unless(
                Precheck.Name.NOT_FENCED,
                fenced,
                "neither node fenced",
                "a fence ends by itself when the pair hears each other again; see"
                        + " failover-watchdog status");
    }

    private static Precheck noTransition(
            WatchdogConfig c, PairSnapshot s, boolean lockFree, Instant now) {
        List<String> running = new ArrayList<>();
        Optional<WatchdogState> st = s.state().known();
        st.flatMap(WatchdogState::pending)
                .ifPresent(
                        p ->
                                running.add(
                                        "a "
                                                + p.kind()
                                                + " begun at "
                                                + p.startedAt()
                                                + " has not finished"));
        if (st.flatMap(WatchdogState::operator).orElse(null)
                        instanceof WatchdogState.Operator.Switchover sw
                && now.isBefore(sw.until()))
            running.add("a switchover from " + sw.from() + " is under way since " + sw.since());
        if (!lockFree)
            running.add("a tick holds " + c.stateDir().resolve("tick.lock") + " (a transition)");
        return Precheck.unless(
                Precheck.Name.NO_TRANSITION,
                running,
                "no plan pending, the tick lock free",
                "wait until it ends (failover-watchdog history), or give --wait");
    }

    private static Precheck settled(WatchdogConfig c, PairSnapshot s, Instant now) {
        Duration interval = c.thresholds().minRoleChangeInterval();
        Optional<Instant> last = s.state().known().flatMap(WatchdogState::lastRoleChange);
        Precheck.Name n = Precheck.Name.SETTLED;
        if (last.isEmpty()) return Precheck.pass(n, "no role change recorded on this node");
        Duration ago = Duration.between(last.get(), now);
        if (ago.compareTo(interval) < 0)
            return Precheck.fail(
                    n,
                    "this node's last role change was "
                            + ago.toSeconds()
                            + " s ago, min_role_change_interval is "
                            + interval.toSeconds()
                            + " s: its promote (and likely the peer's demote) would wait",
                    "retry in " + (interval.minus(ago).toSeconds() + 1) + " s, or give --wait");
        return Precheck.pass(n, "the last role change was " + ago.toSeconds() + " s ago");
    }

    private static Precheck witness(WatchdogConfig c, PairSnapshot s) {
        Precheck.Name n = Precheck.Name.WITNESS;
        if (c.witness().isEmpty()) return Precheck.pass(n, "no witness configured");
        WatchdogConfig.Witness w = c.witness().get();
        Observed<Reach> r =
                s.obs().witnessReach().orElse(Observed.unknown("not observed", Duration.ZERO));
        String where = w.name() + " (" + w.ip() + ":" + w.reachPort() + ")";
        if (r.known().map(x -> x.kind() == Reach.Kind.ACCEPTS).orElse(false))
            return Precheck.pass(n, where + " answers");
        return Precheck.fail(
                n,
                where + ": " + (r.isKnown() ? r.known().get().toString() : PairListing.reason(r)),
                "bring the witness back first: after the switch repmgr needs it to fail over"
                        + " automatically");
    }
}
