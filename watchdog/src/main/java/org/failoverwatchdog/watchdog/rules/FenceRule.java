package org.failoverwatchdog.watchdog.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * One writer, always: the fence of an isolated primary, its unfence, and the rejoin of a stale one.
 * Decided before every other rule, because while a node is fenced (or about to be) nothing else may
 * give it back a router or a writable database.
 *
 * <ul>
 *   <li><b>Fence.</b> The local database is primary and neither the peer nor the witness has been
 *       heard (TCP silence: a refusal is an answer) for fence_after: database read-only, app layer
 *       removed. Silence is an observation, not an UNKNOWN; an observation that could not be made
 *       never starts the timer, and any answer stops it. The fence only ever removes a writer.
 *   <li><b>Unfence.</b> Fenced, and the peer answers as a standby that streams from this node (so
 *       it was not promoted and reaches this node): writable again, then the promote sequence.
 *   <li><b>Fence on the witness's word.</b> The local database is primary, the peer's cannot be
 *       read from here, and the witness reads it as primary on a newer timeline: repmgr promoted it
 *       across a cut between the nodes (the witness's consent was not needed, or its record was
 *       stale) while this node still hears the witness. Fenced at once: a newer primary exists.
 *   <li><b>Rejoin.</b> The local database is primary on an older timeline than the peer's primary
 *       (fenced or not: a node back after failover, a healed split brain): fence, rejoin as the
 *       peer's standby (pg_rewind discards what was written past the fork; the journal names it),
 *       secondary app layer.
 * </ul>
 *
 * Two primaries on the same timeline are never resolved here: nothing tells which one is right.
 */
final class FenceRule {
    private final WatchdogConfig c;

    FenceRule(WatchdogConfig c) {
        this.c = c;
    }

    /**
     * The isolation timer, kept across ticks: started by silence on both sides, stopped by any
     * answer.
     */
    WatchdogState track(Observations o, WatchdogState s) {
        if (!c.fencing().enabled()) return s;
        Optional<Boolean> iso = isolated(o);
        if (iso.isEmpty()) return s;
        if (!iso.get()) return s.isolation().isPresent() ? s.withIsolation(Optional.empty()) : s;
        boolean gap =
                s.isolation()
                        .map(
                                i ->
                                        Elapsed.moreThan(
                                                i.lastSeen(),
                                                o.at(),
                                                c.thresholds().maxObservationGap()))
                        .orElse(true);
        Instant since = gap ? o.at() : s.isolation().get().since();
        return s.withIsolation(Optional.of(new WatchdogState.Isolation(since, o.at())));
    }

    /**
     * True: both observed silent. False: either answered. Empty: cannot tell (not configured,
     * UNKNOWN).
     */
    static Optional<Boolean> isolated(Observations o) {
        Optional<Reach> peer = o.peerReach().known();
        Optional<Reach> witness = o.witnessReach().flatMap(Observed::known);
        if (peer.map(r -> !r.silent()).orElse(false) || witness.map(r -> !r.silent()).orElse(false))
            return Optional.of(false);
        return peer.isPresent() && witness.isPresent() ? Optional.of(true) : Optional.empty();
    }

    /**
     * How long both have been silent: from the first tick that saw it to the end of this tick's
     * connection attempts (a timed-out attempt is silence over its whole length).
     */
    private Duration silentFor(Observations o, WatchdogState s) {
        Duration attempt = o.peerReach().latency();
        Duration w = o.witnessReach().map(Observed::latency).orElse(attempt);
        if (w.compareTo(attempt) < 0) attempt = w;
        return Duration.between(s.isolation().orElseThrow().since(), o.at().plus(attempt));
    }

    /**
     * @param profiles the .env's COMPOSE_PROFILES, empty when the .env cannot be read (a fence
     *     needs no .env; an unfence and a rejoin rewrite it, so they wait)
     * @return a decision that ends the tick (a plan, or a hold while fenced), or empty: the other
     *     rules decide
     */
    Optional<Decision> decide(
            Observations o, WatchdogState s, Optional<String> profiles, List<String> notes) {
        Optional<DbState> local = o.db().known();
        if (s.fenced().isPresent()) return whileFenced(o, s, local, profiles, notes);
        Optional<Decision> stale = stale(o, s, local, profiles, notes);
        if (stale.isPresent() || !c.fencing().enabled()) return stale;
        if (local.isEmpty() || local.get().role() != DbRole.PRIMARY) return Optional.empty();
        Optional<String> promoted = promotedPast(o, local.get());
        if (promoted.isPresent()) {
            String reason =
                    "local PostgreSQL is primary (timeline "
                            + local.get().timeline()
                            + ", WAL at "
                            + local.get().lsn()
                            + ") but "
                            + promoted.get()
                            + ": fence, the newer primary is the writer";
            return fence(o, s, reason, notes);
        }
        if (OperatorMarks.peerAssertedGone(s) && isolated(o).orElse(false)) {
            // The operator promoted this node because the peer is gone: a fence now would take
            // down the only database left. Were the peer alive and cut off, it fences itself.
            notes.add(
                    "neither the peer nor the witness answers, but the operator asserted the peer is"
                            + " gone: no fence");
            return Optional.empty();
        }
        if (s.isolation().isEmpty() || !isolated(o).orElse(false))
            return readOnlyPrimary(o, s, local.get(), notes);
        Duration silent = silentFor(o, s);
        if (silent.compareTo(c.fencing().fenceAfter()) < 0) {
            return hold(
                    s,
                    notes,
                    "neither the peer nor the witness heard for "
                            + silent.toMillis()
                            + " ms of "
                            + c.fencing().fenceAfter().toMillis()
                            + " ms (fence_after): no other action while this primary may be cut off");
        }
        String reason =
                "local PostgreSQL is primary (timeline "
                        + local.get().timeline()
                        + ", WAL at "
                        + local.get().lsn()
                        + ") but neither the peer "
                        + c.peer().name()
                        + " ("
                        + o.peerReach().describe()
                        + ") nor the witness ("
                        + o.witnessReach().map(Observed::describe).orElse("-")
                        + ") has been heard for "
                        + silent.toMillis()
                        + " ms (fence_after "
                        + c.fencing().fenceAfter().toMillis()
                        + " ms): fence before the peer can be promoted";
        return fence(o, s, reason, notes);
    }

    /** The fence begins: its plan, and the state that holds every other rule back until it ends. */
    private Optional<Decision> fence(
            Observations o, WatchdogState s, String reason, List<String> notes) {
        return act(
                PlanBuilder.fence(c, reason),
                s.withFenced(Optional.of(new WatchdogState.Fence(o.at(), reason)))
                        .withPending(Optional.empty()),
                notes);
    }

    private Optional<Decision> whileFenced(
            Observations o,
            WatchdogState s,
            Optional<DbState> local,
            Optional<String> profiles,
            List<String> notes) {
        WatchdogState.Fence f = s.fenced().get();
        String fenced = "fenced since " + f.since();
        Optional<Boolean> iso = isolated(o);
        Optional<DbState> peer = o.peerDb().flatMap(Observed::known);
        if (iso.orElse(true) || peer.isEmpty() || local.isEmpty()) {
            Optional<String> breach = breach(o, local);
            Optional<String> promoted = local.flatMap(l -> promotedPast(o, l));
            if (breach.isPresent() && (iso.orElse(false) || promoted.isPresent())) {
                String reason =
                        fenced
                                + " and "
                                + promoted.orElse("the peer and the witness are still silent")
                                + ", but "
                                + breach.get()
                                + ": fence again";
                return act(PlanBuilder.fence(c, reason), s, notes);
            }
            return hold(
                    s,
                    notes,
                    fenced
                            + ": "
                            + (iso.orElse(true)
                                    ? "the peer and the witness are "
                                            + (iso.isPresent() ? "silent" : "not both observed")
                                    : local.isEmpty()
                                            ? "local PostgreSQL UNKNOWN: " + o.db().describe()
                                            : "the peer's PostgreSQL cannot be read ("
                                                    + o.peerDb()
                                                            .map(Observed::describe)
                                                            .orElse(
                                                                    "postgres.peer is not configured")
                                                    + ")"
                                                    + promoted.map(x -> "; " + x).orElse(""))
                            + ": staying fenced");
        }
        DbState l = local.get(), p = peer.get();
        if (l.role() == DbRole.PRIMARY
                && p.role() == DbRole.PRIMARY
                && p.timeline() > l.timeline()) {
            return stale(o, s, local, profiles, notes);
        }
        if (l.role() == DbRole.STANDBY && p.role() == DbRole.PRIMARY && profiles.isPresent()) {
            // Rejoined outside a plan of ours (the boot-time rejoin): the rest of a rejoin brings
            // back
            // the secondary app layer, the services the fence removed included.
            String reason =
                    fenced
                            + "; the local PostgreSQL is now a standby of the peer's primary (timeline "
                            + p.timeline()
                            + "): fence lifted, the secondary app layer back";
            return act(
                    PlanBuilder.afterRejoin(c, profiles.get(), reason),
                    unfenced(s, PlanKind.REJOIN, reason, o.at()),
                    notes);
        }
        if (l.role() == DbRole.PRIMARY && p.role() == DbRole.STANDBY) {
            if (l.streamingReplicas() < 1)
                return hold(
                        s,
                        notes,
                        fenced
                                + "; the peer is a standby but none streams from this node yet: staying fenced until it follows");
            if (profiles.isEmpty())
                return hold(
                        s,
                        notes,
                        fenced
                                + "; the peer follows this node again, but the .env cannot be read: staying fenced");
            String reason =
                    fenced
                            + " ("
                            + f.reason()
                            + "); the peer answers as a standby streaming from this node (it was not promoted): unfence and resume as primary";
            return act(
                    PlanBuilder.unfence(c, profiles.get(), reason),
                    unfenced(s, PlanKind.PROMOTE, reason, o.at()),
                    notes);
        }
        return hold(
                s,
                notes,
                fenced
                        + "; local PostgreSQL "
                        + l.role()
                        + " (timeline "
                        + l.timeline()
                        + "), the peer's "
                        + p.role()
                        + " (timeline "
                        + p.timeline()
                        + (l.role() == DbRole.PRIMARY && p.role() == DbRole.PRIMARY
                                ? "): nothing tells which one is right, staying fenced (CRITICAL: an operator decides)"
                                : "): staying fenced until one of them is primary"));
    }

    /**
     * What tells that the peer was promoted past this primary when only the witness can read its
     * database: a report of a primary on a newer timeline; empty otherwise (no report, UNKNOWN, a
     * standby, an older or the same timeline: nothing tells this node is the stale one).
     */
    private Optional<String> promotedPast(Observations o, DbState local) {
        if (local.role() != DbRole.PRIMARY
                || o.peerDb().flatMap(Observed::known).isPresent()
                || !c.fencing().enabled()) return Optional.empty();
        return o.witnessPeerDb()
                .flatMap(Observed::known)
                .filter(p -> p.role() == DbRole.PRIMARY && p.timeline() > local.timeline())
                .map(
                        p ->
                                "the witness reads the peer "
                                        + c.peer().name()
                                        + "'s database as primary on timeline "
                                        + p.timeline()
                                        + " while this node cannot reach it (repmgr promoted it"
                                        + " across a cut between the nodes)");
    }

    /** The fence no longer holds: the database is writable again, or a removed service runs. */
    private Optional<String> breach(Observations o, Optional<DbState> local) {
        if (local.isPresent() && local.get().role() == DbRole.PRIMARY && !local.get().readOnly())
            return Optional.of("the database is writable");
        if (o.containers() instanceof Observed.Known<Map<String, ContainerState>> k) {
            List<String> running =
                    c.fencing().services().stream()
                            .filter(x -> k.value().containsKey(x) && k.value().get(x).running())
                            .toList();
            if (!running.isEmpty()) return Optional.of(String.join(", ", running) + " running");
        }
        return Optional.empty();
    }

    /**
     * The stale-primary guard: a local primary on an older timeline than the peer's primary is
     * rejoined as its standby.
     */
    private Optional<Decision> stale(
            Observations o,
            WatchdogState s,
            Optional<DbState> local,
            Optional<String> profiles,
            List<String> notes) {
        Optional<DbState> peer = o.peerDb().flatMap(Observed::known);
        if (local.isEmpty()
                || peer.isEmpty()
                || local.get().role() != DbRole.PRIMARY
                || peer.get().role() != DbRole.PRIMARY
                || peer.get().timeline() <= local.get().timeline()
                || c.fencing().rejoinCommand().isEmpty()) {
            return Optional.empty();
        }
        if (profiles.isEmpty())
            return hold(s, notes, "stale primary, but the .env cannot be read: the rejoin waits");
        DbState l = local.get();
        String reason =
                "local PostgreSQL is a stale primary (timeline "
                        + l.timeline()
                        + ", WAL at "
                        + l.lsn()
                        + "; the peer "
                        + c.peer().name()
                        + " is primary on timeline "
                        + peer.get().timeline()
                        + "): rejoin as its standby, discarding the local WAL written past the fork";
        return act(
                PlanBuilder.rejoin(c, profiles.get(), reason),
                unfenced(s, PlanKind.REJOIN, reason, o.at()),
                notes);
    }

    /**
     * A primary left read-only without a fence of ours (an unfence cut short, a rejoin that kept
     * the setting, then a promotion): writable again while nothing says another writer exists, that
     * is the peer's database answers and is no primary, or the peer is silent while the witness
     * answers (repmgr promoted this node with the witness's consent).
     */
    private Optional<Decision> readOnlyPrimary(
            Observations o, WatchdogState s, DbState local, List<String> notes) {
        if (!local.readOnly()) return Optional.empty();
        Optional<DbState> peer = o.peerDb().flatMap(Observed::known);
        boolean peerNoWriter = peer.map(p -> p.role() != DbRole.PRIMARY).orElse(false);
        boolean peerGoneWitnessHere =
                peer.isEmpty()
                        && o.peerReach().known().map(Reach::silent).orElse(false)
                        && o.witnessReach()
                                .flatMap(Observed::known)
                                .map(r -> !r.silent())
                                .orElse(false);
        if (!isolated(o).map(i -> !i).orElse(false) || !(peerNoWriter || peerGoneWitnessHere)) {
            notes.add(
                    "local PostgreSQL is primary but read-only (default_transaction_read_only) and the peer's database is "
                            + o.peerDb().map(Observed::describe).orElse("not read")
                            + ": left as it is");
            return Optional.empty();
        }
        String reason =
                "local PostgreSQL is primary but read-only (default_transaction_read_only) without a fence of this watchdog, and "
                        + (peerNoWriter
                                ? "the peer's database is " + peer.get().role()
                                : "the peer is silent while the witness answers")
                        + ": writable again";
        return act(PlanBuilder.writable(reason), s, notes);
    }

    /** No plan, and no other rule acts this tick: note says why. */
    private static Optional<Decision> hold(WatchdogState s, List<String> notes, String note) {
        notes.add(note);
        return Optional.of(new Decision(Optional.empty(), s, notes));
    }

    private static Optional<Decision> act(Plan plan, WatchdogState next, List<String> notes) {
        return Optional.of(new Decision(Optional.of(plan), next, notes));
    }

    /**
     * No fence of this watchdog's (any is lifted), a role change begun now, and the plan of this
     * kind pending until it finishes.
     */
    private static WatchdogState unfenced(
            WatchdogState s, PlanKind kind, String reason, Instant at) {
        return s.withFenced(Optional.empty())
                .withRoleChange(at, false)
                .withPending(
                        Optional.of(new WatchdogState.Pending(kind, RuleName.FENCE, reason, at)));
    }
}
