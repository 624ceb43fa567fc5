package org.failoverwatchdog.watchdog.tick;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A second process holding the tick lock, as the guard's tick does: prints "held" once it has it
 * and keeps it until its stdin closes (tests start it with the test classpath).
 */
public final class HoldTickLock {
    private HoldTickLock() {}

    public static void main(String[] args) throws Exception {
        Optional<TickLock> lock = TickLock.tryAcquire(Path.of(args[0]));
        System.out.println(lock.isPresent() ? "held" : "busy");
        System.out.flush();
        if (lock.isEmpty()) System.exit(1);
        try (TickLock held = lock.get()) {
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
