package org.failoverwatchdog.drills.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.measure.JournalEntry;
import org.failoverwatchdog.drills.measure.Quietly;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.run.Check;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;
import org.failoverwatchdog.drills.run.Operations;

/**
 * The watchdog killed in the middle of a promote: a switchover makes the standby's database
 * primary; as soon as its failover-watchdog tick has begun the promote (.env already says
 * ha-primary, the tick still running) the process running it (the timer's oneshot or the resident
 * guard: whichever holds the tick lock) is killed with SIGKILL. A later tick must finish the
 * convergence, and say so in the journal.
 */
public final class WatchdogKilled extends NamedDrill {
    private static final Duration CATCH_DEADLINE = Duration.ofSeconds(120);

    public WatchdogKilled() {
        super(
                "watchdog-killed",
                "watchdog killed mid-promote (kill -9 of the tick)",
                NOT_IN_REPORT);
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Inventory.Node from = ctx.primary(), to = ctx.standby();
        AtomicReference<String> switchError = new AtomicReference<>();
        // The switchover runs beside the watch: the promote may start before repmgr has finished.
        Thread sw =
                new Thread(
                        () -> {
                            try {
                                ctx.ops().switchover(to);
                            } catch (DrillAbort e) {
                                switchError.set(e.getMessage());
                            }
                        },
                        "switchover");
        Instant f =
                ctx.inject(
                        "repmgr standby switchover to "
                                + to
                                + ", then kill -9 of its failover-watchdog tick mid-promote",
                        sw::start);
        Instant killed = null;
        String seen = "";
        long end = System.nanoTime() + CATCH_DEADLINE.toNanos();
        String finishedEarly = null;
        while (System.nanoTime() < end && switchError.get() == null) {
            Operations.TickSnapshot s = ctx.ops().tickSnapshot(to);
            if (!s.lastPromote().isEmpty() && Instant.parse(s.lastPromote()).isAfter(f)) {
                finishedEarly =
                        s.lastPromote(); // a PROMOTE already finished: too late to kill one mid-way
                break;
            }
            // The promote's first step writes ha-primary into .env; a tick still running after that
            // is mid-promote.
            if (s.running() && s.profile().equals("ha-primary")) {
                seen = s.toString();
                killed = Instant.now();
                ctx.ops().killWatchdogTick(to, s.tickPid());
                ctx.fault(killed, "kill -9 of the watchdog tick on " + to.name());
                break;
            }
            Quietly.sleep(100);
        }
        join(sw);
        if (switchError.get() != null) throw new DrillAbort(switchError.get());
        if (finishedEarly != null)
            throw new DrillAbort(
                    "the promote on "
                            + to
                            + " finished (journal "
                            + finishedEarly
                            + ") before a running tick was caught mid-way");
        if (killed == null)
            throw new DrillAbort(
                    "never saw a failover-watchdog tick on "
                            + to
                            + " in the middle of the promote within "
                            + CATCH_DEADLINE.toSeconds()
                            + " s");
        ctx.log("killed the tick (" + seen + ") at " + killed);
        ctx.note(
                "tick killed "
                        + Duration.between(f, killed).toMillis()
                        + " ms after the switchover began; router running then: "
                        + ctx.ops().routerRunning(to));
        Convergence c = ctx.await(Invariants.Level.APP, DrillContext.CONVERGE_DEADLINE);
        ctx.phase(from.name() + " to " + to.name() + " (tick killed)", from, f, f, true, c);
        Instant k = killed;
        List<JournalEntry> after =
                JournalEntry.parseLines(ctx.ops().journal(to)).stream()
                        .filter(e -> e.kind().equals("PROMOTE") && e.time().isAfter(k))
                        .toList();
        boolean resumed = after.stream().anyMatch(JournalEntry::succeeded);
        ctx.check(
                resumed
                        ? Check.pass(
                                "a later tick finished the promote",
                                after.get(after.size() - 1).time()
                                        + " "
                                        + after.get(after.size() - 1).rule()
                                        + ": "
                                        + after.get(after.size() - 1).reason())
                        : Check.fail(
                                "a later tick finished the promote",
                                after.isEmpty()
                                        ? "no PROMOTE in " + to.name() + "'s journal after the kill"
                                        : "only failed PROMOTEs after the kill: " + after));
    }

    private static void join(Thread t) {
        try {
            t.join(200_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
