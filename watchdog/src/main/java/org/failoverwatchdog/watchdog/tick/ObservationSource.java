package org.failoverwatchdog.watchdog.tick;

import java.util.Optional;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * Where a tick's observations come from: the probes ({@link Observer}), or a test's fixed world.
 */
@FunctionalInterface
public interface ObservationSource {
    /** See {@link Observer#observe(WatchdogState, Optional)}. */
    Observations observe(WatchdogState s, Optional<GuardRound> round);
}
