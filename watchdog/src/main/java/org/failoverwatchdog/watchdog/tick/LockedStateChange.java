package org.failoverwatchdog.watchdog.tick;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * A change of state.json from outside a tick (pause, resume, the operator's switchover and
 * failover): made under the tick lock, or a tick that read the state before would write its own
 * over it.
 */
public final class LockedStateChange {
    private LockedStateChange() {}

    /**
     * Waits up to {@code wait} for a running tick to finish, then applies the change and saves it.
     *
     * @return the state as saved; empty when a tick held the lock all that time (nothing changed)
     */
    public static Optional<WatchdogState> apply(
            Path stateDir, Duration wait, UnaryOperator<WatchdogState> change)
            throws IOException, InterruptedException, StateStore.CorruptStateException {
        Optional<TickLock> lock = TickLock.acquire(stateDir, wait);
        if (lock.isEmpty()) return Optional.empty();
        try (TickLock held = lock.get()) {
            StateStore store = new StateStore(stateDir);
            WatchdogState now = change.apply(store.loadOrFresh());
            store.save(now);
            return Optional.of(now);
        }
    }
}
