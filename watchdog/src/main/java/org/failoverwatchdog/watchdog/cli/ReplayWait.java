package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;

/**
 * The gate of `pause` and `resume`: polls the other node's database until it shows what was written
 * on the primary (it replayed it: that node's tick reads it from there), or the deadline passes.
 */
final class ReplayWait {
    private ReplayWait() {}

    sealed interface Result {
        /**
         * @param after from the first read to the one that showed it
         */
        record Shown(Duration after) implements Result {}

        /**
         * @param last what the last read showed (or why it could not be read)
         */
        record NotShown(Observed<PairPause> last) implements Result {}
    }

    /**
     * Reads at least once; never waits past the deadline (the last sleep is cut to it).
     *
     * @param read one read of the pause on the other node's database
     * @param shows whether a read shows the write
     */
    static Result await(
            Supplier<Observed<PairPause>> read,
            Predicate<PairPause> shows,
            Duration deadline,
            Duration poll)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        while (true) {
            Observed<PairPause> o = read.get();
            if (o.known().filter(shows).isPresent())
                return new Result.Shown(Duration.ofNanos(System.nanoTime() - start));
            long left = end - System.nanoTime();
            if (left <= 0) return new Result.NotShown(o);
            Thread.sleep(Math.max(1, Math.min(poll.toMillis(), left / 1_000_000)));
        }
    }
}
