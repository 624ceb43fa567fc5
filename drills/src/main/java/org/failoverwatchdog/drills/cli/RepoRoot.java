package org.failoverwatchdog.drills.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The repository the lab lives in: DRILL_REPO (set by drills/drill), else the nearest parent with
 * lab/lab.
 */
final class RepoRoot {
    private RepoRoot() {}

    static Optional<Path> find() {
        String env = System.getenv("DRILL_REPO");
        if (env != null && !env.isBlank())
            return Optional.of(Path.of(env).toAbsolutePath().normalize());
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("lab/lab"))
                    && Files.isRegularFile(p.resolve("pom.xml"))) return Optional.of(p);
        }
        return Optional.empty();
    }
}
