package org.failoverwatchdog.watchdog.cli;

import static org.failoverwatchdog.watchdog.cli.FenceTiming.ms;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * `check`'s proof that a plan's gates cannot outlast the tick's unit: systemd kills a tick past its
 * TimeoutStartSec, half-way through a promote (the next tick resumes it, but a gate's wait is cut
 * short). The bound is what the gates may wait, each its deadline and after every remedy its
 * remedy_deadline, plus the transition hook; the Compose calls' own time comes on top.
 *
 * @param promote the promote plan's gates at their longest
 * @param demote the demote plan's gates at their longest
 * @param hook hooks.timeout when a hook is configured (it runs inside the tick)
 */
record PlanTiming(Duration promote, Duration demote, Duration hook, TickServiceUnit unit) {

    static PlanTiming of(WatchdogConfig c, TickServiceUnit unit) {
        return new PlanTiming(
                gates(c.plans().promote()),
                gates(c.plans().demote()),
                c.hooks().onTransition().isPresent() ? c.hooks().timeout() : Duration.ZERO,
                unit);
    }

    /** The longest a tick that runs a plan waits on gates and the hook. */
    Duration longest() {
        return (promote.compareTo(demote) >= 0 ? promote : demote).plus(hook);
    }

    boolean ok() {
        return unit.startTimeout().map(t -> longest().compareTo(t) < 0).orElse(true);
    }

    /**
     * How long a gate may hold a plan: its deadline, then after each remedy its remedy_deadline.
     */
    static Duration gateWait(Step.Gate g) {
        return g.deadline()
                .plus(
                        g.remedy().isPresent()
                                ? g.afterRemedy().multipliedBy(g.remedyAttempts())
                                : Duration.ZERO);
    }

    static Duration gates(List<Step> plan) {
        Duration sum = Duration.ZERO;
        for (Step s : plan) if (s instanceof Step.Gate g) sum = sum.plus(gateWait(g));
        return sum;
    }

    String why() {
        return "the plans' gates wait at most promote "
                + ms(promote)
                + ", demote "
                + ms(demote)
                + (hook.isZero() ? "" : ", plus hooks.timeout " + ms(hook))
                + "; "
                + unit.startTimeout()
                        .map(t -> "systemd stops a tick after " + ms(t))
                        .orElse("systemd never stops a tick")
                + " ("
                + unit.source()
                + ")";
    }

    /** How much room is left; empty when there is no limit. */
    Optional<Duration> spare() {
        return unit.startTimeout().map(t -> t.minus(longest()));
    }
}
