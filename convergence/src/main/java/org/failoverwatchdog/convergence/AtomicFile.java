package org.failoverwatchdog.convergence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Replaces a file so that a reader, or a crash at any moment, sees either the old content or the
 * new, never a mix: temp file in the same directory, fsync, the old file's mode and owner, rename,
 * fsync of the directory. Used for the .env, the watchdog's state files and its metrics textfile.
 */
public final class AtomicFile {
    /**
     * Runs between the fsync of the temporary file and the rename; tests use it to fail a write.
     */
    public interface BeforeRename {
        void run(Path temp) throws IOException;
    }

    private AtomicFile() {}

    public static void write(Path target, String text) throws IOException {
        write(target, text, temp -> {});
    }

    /**
     * As {@link #write(Path, String)}; a file that does not exist yet is created with newFileMode
     * (a temp file is 0600, which a reader under another user, node_exporter, could not open).
     */
    public static void write(Path target, String text, Set<PosixFilePermission> newFileMode)
            throws IOException {
        boolean created = !Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        write(
                target,
                text,
                temp -> {
                    if (created) Files.setPosixFilePermissions(temp, newFileMode);
                });
    }

    public static void write(Path target, String text, BeforeRename beforeRename)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        PosixFileAttributes attrs =
                Files.exists(target)
                        ? Files.getFileAttributeView(
                                        target,
                                        PosixFileAttributeView.class,
                                        LinkOption.NOFOLLOW_LINKS)
                                .readAttributes()
                        : null;
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch =
                    FileChannel.open(
                            temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            if (attrs != null) keepModeAndOwner(temp, attrs);
            beforeRename.run(temp);
            try {
                Files.move(
                        temp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(
                        "cannot replace " + target + " atomically: " + e.getMessage(), e);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void keepModeAndOwner(Path temp, PosixFileAttributes attrs) throws IOException {
        Files.setPosixFilePermissions(temp, attrs.permissions());
        PosixFileAttributes now = Files.readAttributes(temp, PosixFileAttributes.class);
        // chown needs privilege; only ask for it when the owner would otherwise change.
        if (!now.owner().equals(attrs.owner())) Files.setOwner(temp, attrs.owner());
        if (!now.group().equals(attrs.group())) {
            Files.getFileAttributeView(temp, PosixFileAttributeView.class).setGroup(attrs.group());
        }
    }
}
