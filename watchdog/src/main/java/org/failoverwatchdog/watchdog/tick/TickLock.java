package org.failoverwatchdog.watchdog.tick;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The host-local lock that keeps two ticks from overlapping (a flock, as the reference deployment's
 * scripts had). Released by the OS if the tick dies.
 */
public final class TickLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private TickLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Empty when another tick holds it. */
    public static Optional<TickLock> tryAcquire(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        FileChannel ch =
                FileChannel.open(
                        stateDir.resolve("tick.lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
        FileLock l = ch.tryLock();
        if (l == null) {
            ch.close();
            return Optional.empty();
        }
        return Optional.of(new TickLock(ch, l));
    }

    /**
     * Waits (polling) until a running tick has finished, at most {@code deadline}; empty if it did
     * not.
     */
    public static Optional<TickLock> acquire(Path stateDir, Duration deadline)
            throws IOException, InterruptedException {
        Instant end = Instant.now().plus(deadline);
        while (true) {
            Optional<TickLock> l = tryAcquire(stateDir);
            if (l.isPresent() || Instant.now().isAfter(end)) return l;
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
