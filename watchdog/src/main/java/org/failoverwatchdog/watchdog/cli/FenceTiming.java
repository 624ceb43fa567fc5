package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * `check`'s proof that an isolated primary is fenced before repmgr can promote its peer. Both sides
 * are bounds: the latest the write fence can be in place after a cut, against the earliest repmgrd
 * on the peer can promote (its first failed check, then every reconnect attempt, each at least
 * reconnect_interval apart; a connect timeout only makes it later).
 *
 * @param fenceBy the latest the write fence is in place after the cut
 * @param promoteAt the earliest promotion of the peer; empty when repmgr does not fail over by
 *     itself
 * @param why the sum, setting by setting, for the operator
 */
record FenceTiming(Duration fenceBy, Optional<Duration> promoteAt, String why) {
    /** One SQL round trip on the local database, bounded well inside this. */
    static final Duration WRITE_FENCE = Duration.ofSeconds(1);

    private static final Pattern TIMER =
            Pattern.compile("(?m)^\\s*OnUnitActiveSec\\s*=\\s*(\\d+)\\s*(s|sec|m|min)?\\s*$");

    boolean ok() {
        return promoteAt.map(p -> fenceBy.compareTo(p) < 0).orElse(true);
    }

    /**
     * @param repmgrConf the text of repmgr.conf (its defaults apply to what it leaves out)
     * @param timerUnit the tick timer's text, used when the guard is off; empty if unreadable
     */
    static FenceTiming of(WatchdogConfig c, String repmgrConf, Optional<String> timerUnit) {
        WatchdogConfig.Fencing f = c.fencing();
        Duration trigger;
        String triggerWhy;
        if (c.guard().enabled()) {
            // A cut just after a round began is seen by the next round, which waits out its
            // timeout.
            trigger = c.guard().sampleInterval().multipliedBy(2);
            triggerWhy = "guard rounds 2 x " + ms(c.guard().sampleInterval());
        } else {
            Matcher m = TIMER.matcher(timerUnit.orElse(""));
            long secs =
                    m.find()
                            ? Long.parseLong(m.group(1))
                                    * (m.group(2) != null && m.group(2).startsWith("m") ? 60 : 1)
                            : 10;
            trigger = Duration.ofSeconds(secs);
            triggerWhy = "timer period " + ms(trigger) + " (the guard is off)";
        }
        Duration probe = c.thresholds().probeTimeout();
        // The first tick's attempts show probe_timeout of silence; a longer fence_after needs ticks
        // until it is reached, and the last of them may start up to one sample and run one probe
        // late.
        Duration silence =
                f.fenceAfter().compareTo(probe) > 0
                        ? f.fenceAfter().plus(trigger).plus(probe)
                        : probe;
        Duration fenceBy = trigger.plus(silence).plus(WRITE_FENCE);
        String fenceWhy =
                triggerWhy
                        + " + silence observed "
                        + ms(silence)
                        + " (fence_after "
                        + ms(f.fenceAfter())
                        + ", probe_timeout "
                        + ms(probe)
                        + ") + write fence "
                        + ms(WRITE_FENCE);

        RepmgrConf repmgr = RepmgrConf.parse(repmgrConf);
        if (repmgr.earliestPromotion().isEmpty()) {
            return new FenceTiming(
                    fenceBy,
                    Optional.empty(),
                    "the write fence is in place at most "
                            + ms(fenceBy)
                            + " after a cut ("
                            + fenceWhy
                            + "); repmgr's failover is not 'automatic', so it never promotes the peer by itself");
        }
        Duration promoteAt = repmgr.earliestPromotion().get();
        return new FenceTiming(
                fenceBy,
                Optional.of(promoteAt),
                "the write fence is in place at most "
                        + ms(fenceBy)
                        + " after a cut ("
                        + fenceWhy
                        + "); repmgr promotes the peer at the earliest "
                        + ms(promoteAt)
                        + " after it ("
                        + repmgr.why()
                        + ")");
    }

    static String ms(Duration d) {
        return d.toMillis() % 1000 == 0
                ? d.toSeconds() + " s"
                : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
