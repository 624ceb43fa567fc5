package org.failoverwatchdog.watchdog.tick;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The host-local lock that keeps two ticks, and a tick and a command that changes what a tick reads
 * (pause, resume, env apply), from overlapping. Released by the OS if the holder dies.
 *
 * <p>Java's FileLock is an fcntl (POSIX record) lock on Linux, with JDK 17 and 25 alike: flock(1)
 * does not exclude it, so a shell script must not think it holds the tick lock through flock.
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
        // The units' StateDirectoryMode; a command run before any unit started creates it.
        if (!Files.isDirectory(stateDir))
            Files.createDirectories(
                    stateDir,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwxr-x---")));
        FileChannel ch =
                FileChannel.open(
                        stateDir.resolve("tick.lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by another thread of this process (fcntl locks are per process)
        }
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
