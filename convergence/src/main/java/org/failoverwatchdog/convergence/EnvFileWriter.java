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
import java.util.Map;
import java.util.Objects;
import org.failoverwatchdog.probes.EnvFile;
import org.failoverwatchdog.probes.EnvFileException;

/**
 * Sets keys in the Compose project's .env. The .env is the node's HA state, so a crash mid-write must
 * leave either the old or the new file, never half of one: the new text goes to a temporary file in
 * the same directory (same filesystem, so the rename is atomic), is fsynced, gets the original's
 * permissions and owner, is renamed over the original, and the directory is fsynced so the rename
 * itself survives a power loss.
 */
public final class EnvFileWriter {
    /** Runs between the fsync of the temporary file and the rename; tests use it to fail a write. */
    interface BeforeRename {
        void run(Path temp) throws IOException;
    }

    private final Path envFile;
    private final BeforeRename beforeRename;

    public EnvFileWriter(Path envFile) {
        this(envFile, temp -> {});
    }

    EnvFileWriter(Path envFile, BeforeRename beforeRename) {
        this.envFile = Objects.requireNonNull(envFile);
        this.beforeRename = beforeRename;
    }

    public Path path() {
        return envFile;
    }

    /**
     * Applies the values (changed keys rewritten in place, new keys appended).
     *
     * @return true if the file was rewritten, false if every value was already set (nothing written)
     * @throws EnvFileException the .env does not parse (names file:line and the fix); nothing written
     * @throws IllegalArgumentException a value Compose would need quoted; nothing written
     */
    public boolean apply(Map<String, String> values) throws IOException, EnvFileException {
        // A symlinked .env (e.g. managed elsewhere) is rewritten where it really lives; the link stays.
        Path target = envFile.toRealPath();
        EnvFile env = EnvFile.read(target);
        EnvFile changed = env;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!env.get(e.getKey()).equals(java.util.Optional.of(e.getValue()))) {
                changed = changed.with(e.getKey(), e.getValue());
            }
        }
        if (changed == env) return false;
        write(target, changed.render());
        return true;
    }

    private void write(Path target, String text) throws IOException {
        Path dir = target.getParent();
        PosixFileAttributes attrs = Files.getFileAttributeView(target, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.setPosixFilePermissions(temp, attrs.permissions());
            PosixFileAttributes now = Files.readAttributes(temp, PosixFileAttributes.class);
            // chown needs privilege; only ask for it when the owner would otherwise change.
            if (!now.owner().equals(attrs.owner())) Files.setOwner(temp, attrs.owner());
            if (!now.group().equals(attrs.group())) {
                Files.getFileAttributeView(temp, PosixFileAttributeView.class).setGroup(attrs.group());
            }
            beforeRename.run(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
