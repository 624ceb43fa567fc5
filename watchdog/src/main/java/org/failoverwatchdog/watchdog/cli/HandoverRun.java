package org.failoverwatchdog.watchdog.cli;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.failoverwatchdog.probes.DaemonThreads;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * What both operator commands do once repmgr starts: repmgr runs with its deadline; this node's app
 * layer follows the promotion (the guard sees the role change within a sample and ticks; when it
 * does not beat, a tick runs here the moment this node's database answers as primary); and the
 * gates are polled from the start, so each is timed when it first held, with settle_timeout after
 * repmgr ends as their deadline.
 */
final class HandoverRun {
    /** How often the pair is read while the gates wait (each read is bounded by its probes). */
    static final Duration GATE_POLL = Duration.ofMillis(500);

    /** How often this node's role is asked while the promotion is awaited. */
    static final Duration ROLE_POLL = Duration.ofMillis(200);

    /**
     * @param run repmgr's run; empty when it could not be started at all
     * @param startError why it could not be started
     * @param primarySeen when this node's database was first seen primary
     * @param missed the gate that missed its deadline, and what was seen of it last
     * @param nothingMoved repmgr failed and this node's database is not primary
     * @param tickedHere a tick ran in this process (the guard did not beat)
     */
    record Outcome(
            Optional<Repmgr.Run> run,
            Optional<String> startError,
            Instant repmgrStart,
            Instant repmgrEnd,
            List<GateTrack.Passed> passed,
            Optional<Instant> primarySeen,
            Optional<HandoverGates.Seen> missed,
            boolean nothingMoved,
            boolean tickedHere) {

        boolean done() {
            return missed.isEmpty() && !nothingMoved && startError.isEmpty();
        }
    }

    private HandoverRun() {}

    static Outcome run(
            WatchdogConfig c,
            OperatorHost host,
            Repmgr repmgr,
            List<String> argv,
            List<HandoverGates.Gate> gates,
            Consumer<String> progress)
            throws InterruptedException {
        GateTrack track = new GateTrack(c, gates);
        ExecutorService pool = Executors.newFixedThreadPool(2, DaemonThreads.named("handover"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Instant> primarySeen = new AtomicReference<>();
        AtomicBoolean tickedHere = new AtomicBoolean();
        try {
            Instant repmgrStart = host.now();
            progress.accept("running: " + String.join(" ", argv));
            Future<Repmgr.Run> rep =
                    pool.submit(
                            () ->
                                    repmgr.run(
                                            argv,
                                            c.switchover().repmgrTimeout(),
                                            l -> progress.accept("  repmgr: " + l.text())));
            Future<?> follower =
                    pool.submit(() -> follow(host, stop, primarySeen, tickedHere, progress));
            Optional<Repmgr.Run> run = Optional.empty();
            Optional<String> startError = Optional.empty();
            Instant repmgrEnd = null, deadline = null;
            boolean nothingMoved = false;
            Optional<HandoverGates.Seen> missed = Optional.empty();
            while (true) {
                Instant t = host.now();
                if (repmgrEnd == null && rep.isDone()) {
                    repmgrEnd = host.now();
                    deadline = repmgrEnd.plus(c.switchover().settleTimeout());
                    try {
                        run = Optional.of(rep.get());
                        progress.accept("repmgr: " + run.get().verdict());
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        startError =
                                Optional.of(
                                        (cause instanceof IOException ? "" : cause + ": ")
                                                + String.valueOf(cause.getMessage()));
                    }
                }
                PairSnapshot s = host.read(false);
                track.observe(t, s);
                if (track.done()) break;
                if (repmgrEnd != null && (startError.isPresent() || !run.get().ok())) {
                    // repmgr failed: did anything move? A promotion it reports as "completed
                    // with issues" still has the gates to pass.
                    boolean primary =
                            s.obs().db().known().map(d -> d.role() == DbRole.PRIMARY).orElse(false);
                    if (!primary) {
                        nothingMoved = true;
                        break;
                    }
                }
                if (deadline != null && host.now().isAfter(deadline)) {
                    missed = track.waiting();
                    break;
                }
                host.sleep(GATE_POLL.minus(Duration.between(t, host.now())));
            }
            stop.set(true);
            // A tick running here finishes its plan before the command ends: cut short, the next
            // tick would resume it, but the report would say done while it is not.
            try {
                follower.get(c.switchover().settleTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                progress.accept("note: the tick in this process did not end in time: " + e);
            }
            return new Outcome(
                    run,
                    startError,
                    repmgrStart,
                    repmgrEnd,
                    track.passed(),
                    Optional.ofNullable(primarySeen.get()),
                    missed,
                    nothingMoved,
                    tickedHere.get());
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    /**
     * Watches this node's role until it answers as primary; then, unless the guard beats (its warm
     * process ticks within a sample by itself), runs the tick here.
     */
    private static void follow(
            OperatorHost host,
            AtomicBoolean stop,
            AtomicReference<Instant> primarySeen,
            AtomicBoolean tickedHere,
            Consumer<String> progress) {
        try {
            while (!stop.get()) {
                if (host.localRole().known().map(d -> d.role() == DbRole.PRIMARY).orElse(false)) {
                    primarySeen.set(host.now());
                    if (host.guardBeating()) {
                        progress.accept("this node's database is primary: the guard follows it");
                    } else {
                        progress.accept(
                                "this node's database is primary and the guard does not beat:"
                                        + " ticking here");
                        tickedHere.set(true);
                        host.tick();
                    }
                    return;
                }
                host.sleep(ROLE_POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
