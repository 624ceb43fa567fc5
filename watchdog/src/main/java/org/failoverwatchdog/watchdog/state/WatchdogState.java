package org.failoverwatchdog.watchdog.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;

/**
 * What must survive between ticks (each tick is a new process).
 *
 * @param routerAbsentSince Rule 3 timer: when the active router was first seen unreachable
 * @param routerAbsentLastSeen the last tick that saw it unreachable (a long gap restarts the timer)
 * @param lastRoleChange when the last promote/demote began (anti-flapping)
 * @param rule3Promoted the app layer was promoted by Rule 3, ahead of the database
 * @param pending a promote/demote that began and has not finished: the next tick resumes it
 * @param repairs service -> Rule 2's recent repairs of it (crash-loop backoff)
 * @param paused this node's maintenance (`pause --node`): no action while present
 * @param isolation a primary that hears neither the peer nor the witness: since when, last seen
 * @param fenced this node fenced itself (database read-only, app layer removed); cleared by unfence
 *     or rejoin
 * @param startedFresh this state began without a state file (none, or a corrupt one set aside), so
 *     whether the node is fenced is not known yet: the first observation of the local database as
 *     primary or standby settles it ({@code rules.FreshStart}); a fresh state never gives back a
 *     writer
 * @param registered service -> the start of its container that was seen registered in the active
 *     router: that container registers once, so when it goes missing it was lost (a router that
 *     restarted empty), not late, and Rule 2 need not wait repair_grace for it
 * @param operator an operator's switchover under way on this node, or the operator's standing
 *     assertion that the peer is gone (a failover): what the rules must not take for a failure
 */
public record WatchdogState(
        Optional<Instant> routerAbsentSince,
        Optional<Instant> routerAbsentLastSeen,
        Optional<Instant> lastRoleChange,
        boolean rule3Promoted,
        Optional<Pending> pending,
        Map<String, Repairs> repairs,
        Optional<Pause> paused,
        Optional<Isolation> isolation,
        Optional<Fence> fenced,
        boolean startedFresh,
        Map<String, Instant> registered,
        Optional<Operator> operator) {

    public WatchdogState {
        repairs = Map.copyOf(repairs);
        registered = Map.copyOf(registered);
    }

    public record Pending(PlanKind kind, RuleName rule, String reason, Instant startedAt) {}

    /**
     * @param by who paused it ("" in a state file written before it was recorded)
     */
    public record Pause(Instant since, String reason, String by) {
        public Pause(Instant since, String reason) {
            this(since, reason, "");
        }

        @Override
        public String toString() {
            return "since " + since + (by.isEmpty() ? "" : " by " + by) + ": " + reason;
        }
    }

    public record Isolation(Instant since, Instant lastSeen) {}

    /**
     * Rule 2's record of one service: when it repaired it lately (oldest first, within the
     * crash-loop window) and whether the last repair failed.
     */
    public record Repairs(List<Instant> times, boolean lastFailed) {
        public Repairs {
            times = List.copyOf(times);
            if (times.isEmpty())
                throw new IllegalArgumentException("a repair record without a repair");
        }

        public Instant last() {
            return times.get(times.size() - 1);
        }

        /** The repairs within window before now. */
        public List<Instant> within(Duration window, Instant now) {
            return times.stream()
                    .filter(t -> Duration.between(t, now).compareTo(window) <= 0)
                    .toList();
        }
    }

    public record Fence(Instant since, String reason) {}

    /** What an operator's command left for the rules. */
    public sealed interface Operator permits Operator.Switchover, Operator.PeerGone {
        Instant since();

        /**
         * A planned switchover to this node is under way: repmgr stops the peer's database on
         * purpose, so Rule 3 holds (until {@code until}, should the command die).
         */
        record Switchover(Instant since, Instant until, String from) implements Operator {}

        /**
         * The operator asserted the peer is gone and promoted this node (a failover while repmgr
         * could not act): no fence for isolation while the peer stays silent; lifted the first time
         * it answers.
         *
         * @param by who ran the command (SUDO_USER, else USER)
         * @param evidence what this node saw of the peer when the operator asserted it
         */
        record PeerGone(Instant since, String by, String evidence) implements Operator {}
    }

    public static WatchdogState initial() {
        return new Builder().build();
    }

    /** What a tick starts from when there is no state file to read. */
    public static WatchdogState fresh() {
        return initial().withStartedFresh(true);
    }

    public WatchdogState withTimer(Optional<Instant> since, Optional<Instant> lastSeen) {
        return with(
                b -> {
                    b.routerAbsentSince = since;
                    b.routerAbsentLastSeen = lastSeen;
                });
    }

    /** A promote or demote began at this time: the Rule 3 timer starts again. */
    public WatchdogState withRoleChange(Instant at, boolean byRule3) {
        return with(
                b -> {
                    b.routerAbsentSince = Optional.empty();
                    b.routerAbsentLastSeen = Optional.empty();
                    b.lastRoleChange = Optional.of(at);
                    b.rule3Promoted = byRule3;
                });
    }

    public WatchdogState withPending(Optional<Pending> p) {
        return with(b -> b.pending = p);
    }

    public WatchdogState withRule3Promoted(boolean v) {
        return with(b -> b.rule3Promoted = v);
    }

    public WatchdogState withRepairs(Map<String, Repairs> r) {
        return with(b -> b.repairs = r);
    }

    /** Records a repair of each service at this time; repairs older than window are forgotten. */
    public WatchdogState withRepaired(Collection<String> services, Instant at, Duration window) {
        Map<String, Repairs> m = new HashMap<>(repairs);
        for (String svc : services) {
            List<Instant> times =
                    new ArrayList<>(
                            Optional.ofNullable(repairs.get(svc))
                                    .map(r -> r.within(window, at))
                                    .orElse(List.of()));
            times.add(at);
            m.put(svc, new Repairs(times, false));
        }
        return withRepairs(m);
    }

    /** The repairs recorded at this time failed (their plan did not succeed). */
    public WatchdogState withRepairsFailed(Instant at) {
        Map<String, Repairs> m = new HashMap<>(repairs);
        repairs.forEach(
                (svc, r) -> {
                    if (r.last().equals(at)) m.put(svc, new Repairs(r.times(), true));
                });
        return withRepairs(m);
    }

    public WatchdogState withPaused(Optional<Pause> p) {
        return with(b -> b.paused = p);
    }

    public WatchdogState withIsolation(Optional<Isolation> i) {
        return with(b -> b.isolation = i);
    }

    public WatchdogState withFenced(Optional<Fence> f) {
        return with(b -> b.fenced = f);
    }

    public WatchdogState withStartedFresh(boolean v) {
        return with(b -> b.startedFresh = v);
    }

    public WatchdogState withRegistered(Map<String, Instant> r) {
        return with(b -> b.registered = r);
    }

    public WatchdogState withOperator(Optional<Operator> o) {
        return with(b -> b.operator = o);
    }

    /** This state with what change sets: the one place every wither copies the rest. */
    private WatchdogState with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The fields of a state, to change some of them; new, those of {@link #initial()}. */
    private static final class Builder {
        Optional<Instant> routerAbsentSince = Optional.empty();
        Optional<Instant> routerAbsentLastSeen = Optional.empty();
        Optional<Instant> lastRoleChange = Optional.empty();
        boolean rule3Promoted;
        Optional<Pending> pending = Optional.empty();
        Map<String, Repairs> repairs = Map.of();
        Optional<Pause> paused = Optional.empty();
        Optional<Isolation> isolation = Optional.empty();
        Optional<Fence> fenced = Optional.empty();
        boolean startedFresh;
        Map<String, Instant> registered = Map.of();
        Optional<Operator> operator = Optional.empty();

        Builder() {}

        Builder(WatchdogState s) {
            routerAbsentSince = s.routerAbsentSince;
            routerAbsentLastSeen = s.routerAbsentLastSeen;
            lastRoleChange = s.lastRoleChange;
            rule3Promoted = s.rule3Promoted;
            pending = s.pending;
            repairs = s.repairs;
            paused = s.paused;
            isolation = s.isolation;
            fenced = s.fenced;
            startedFresh = s.startedFresh;
            registered = s.registered;
            operator = s.operator;
        }

        WatchdogState build() {
            return new WatchdogState(
                    routerAbsentSince,
                    routerAbsentLastSeen,
                    lastRoleChange,
                    rule3Promoted,
                    pending,
                    repairs,
                    paused,
                    isolation,
                    fenced,
                    startedFresh,
                    registered,
                    operator);
        }
    }
}
