package org.failoverwatchdog.convergence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import org.failoverwatchdog.probes.EnvFile;
import org.failoverwatchdog.probes.EnvFileException;

/**
 * Sets keys in the Compose project's .env. The .env is the node's HA state, so a crash mid-write
 * must leave either the old or the new file, never half of one: the new text goes to a temporary
 * file in the same directory (same filesystem, so the rename is atomic), is fsynced, gets the
 * original's permissions and owner, is renamed over the original, and the directory is fsynced so
 * the rename itself survives a power loss.
 */
public final class EnvFileWriter {
    private final Path envFile;
    private final AtomicFile.BeforeRename beforeRename;

    public EnvFileWriter(Path envFile) {
        this(envFile, temp -> {});
    }

    EnvFileWriter(Path envFile, AtomicFile.BeforeRename beforeRename) {
        this.envFile = Objects.requireNonNull(envFile);
        this.beforeRename = beforeRename;
    }

    public Path path() {
        return envFile;
    }

    /**
     * Applies the values (changed keys rewritten in place, new keys appended).
     *
     * @return true if the file was rewritten, false if every value was already set (nothing
     *     written)
     * @throws EnvFileException the .env does not parse (names file:line and the fix); nothing
     *     written
     * @throws IllegalArgumentException a value Compose would need quoted; nothing written
     */
    public boolean apply(Map<String, String> values) throws IOException, EnvFileException {
        // A symlinked .env (e.g. managed elsewhere) is rewritten where it really lives; the link
        // stays.
        Path target = envFile.toRealPath();
        EnvFile env = EnvFile.read(target);
        EnvFile changed = env;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!env.get(e.getKey()).equals(java.util.Optional.of(e.getValue()))) {
                changed = changed.with(e.getKey(), e.getValue());
            }
        }
        if (changed == env) return false;
        AtomicFile.write(target, changed.render(), beforeRename);
        return true;
    }

    /**
     * Replaces the whole file with env, or creates it (0644, as Compose and the operator read it)
     * when there is none yet; a symlinked .env is rewritten where it really lives.
     */
    public void write(EnvFile env) throws IOException {
        Path target = Files.exists(envFile) ? envFile.toRealPath() : envFile;
        boolean created = !Files.exists(target);
        AtomicFile.write(
                target,
                env.render(),
                temp -> {
                    if (created)
                        Files.setPosixFilePermissions(
                                temp, PosixFilePermissions.fromString("rw-r--r--"));
                    beforeRename.run(temp);
                });
    }
}
