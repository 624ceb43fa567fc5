package org.failoverwatchdog.watchdog.tick;

import java.time.Duration;
import java.util.Optional;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.convergence.StepResult;
import org.failoverwatchdog.convergence.TransitionHook;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.log.JournalPriority;
import org.failoverwatchdog.watchdog.state.MonitorState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows every plan, whatever its kind and result: one log line at the priority it deserves
 * (err: it failed; warning: a fence; notice: any other transition), the counts for the metrics, and
 * the operator's hook. The hook's failure or timeout is logged and changes nothing else.
 */
final class TransitionReporter {
    private static final Logger log = LoggerFactory.getLogger(TransitionReporter.class);
    private final WatchdogConfig c;
    private final Optional<TransitionHook> hook;

    TransitionReporter(WatchdogConfig c) {
        this.c = c;
        this.hook =
                c.hooks().onTransition().map(cmd -> new TransitionHook(cmd, c.hooks().timeout()));
    }

    MonitorState report(PlanResult r, MonitorState m) {
        String kind = r.plan().kind().name(), rule = r.plan().rule().wire();
        long ms = r.duration().toMillis();
        if (!r.succeeded()) {
            String step =
                    r.steps().stream()
                            .filter(StepResult::failed)
                            .findFirst()
                            .map(
                                    s ->
                                            "; "
                                                    + s.step()
                                                    + ": "
                                                    + s.outcome()
                                                    + (s.detail().isEmpty()
                                                            ? ""
                                                            : " (" + s.detail() + ")"))
                            .orElse("");
            log.error(
                    "{} ({}) FAILED in {} ms{}; because {}",
                    kind,
                    rule,
                    ms,
                    step,
                    r.plan().reason());
        } else if (r.plan().kind() == PlanKind.FENCE) {
            log.warn(
                    "{} ({}) succeeded in {} ms: this node is out of service; because {}",
                    kind,
                    rule,
                    ms,
                    r.plan().reason());
        } else {
            log.info(
                    JournalPriority.NOTICE,
                    "{} ({}) succeeded in {} ms; because {}",
                    kind,
                    rule,
                    ms,
                    r.plan().reason());
        }
        MonitorState out =
                m.withTransition(
                        new MonitorState.LastTransition(
                                r.started(),
                                kind,
                                rule,
                                MonitorState.Result.of(r.succeeded()),
                                r.duration()));
        if (hook.isEmpty()) return out;
        TransitionHook.Outcome h;
        try {
            h = hook.get().run(r, c.node().name(), c.peer().name());
        } catch (RuntimeException e) {
            h =
                    new TransitionHook.Outcome(
                            TransitionHook.Result.FAILED, Duration.ZERO, e.toString());
        }
        if (h.result() == TransitionHook.Result.SUCCEEDED) {
            log.info(
                    "hooks.on_transition for {} ({}) done in {} ms",
                    kind,
                    rule,
                    h.took().toMillis());
        } else {
            log.warn(
                    "hooks.on_transition for {} ({}) {}: {} (the transition stands; fix the hook: {})",
                    kind,
                    rule,
                    h.result() == TransitionHook.Result.TIMED_OUT ? "timed out" : "failed",
                    h.detail(),
                    c.file());
        }
        return out.withHook(h.result());
    }
}
