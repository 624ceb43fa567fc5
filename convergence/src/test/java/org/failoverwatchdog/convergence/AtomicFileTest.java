package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir Path dir;

    @Test
    void aNewFileGetsTheModeAskedForAndAnExistingOneKeepsItsOwn() throws Exception {
        Path f = dir.resolve("textfile/failover_watchdog.prom");
        AtomicFile.write(f, "a 1\n", PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(
                "rw-r--r--",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                "readable by node_exporter");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.write(f, "a 2\n", PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(
                "rw-r-----",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                "the operator's chmod is kept");
        assertEquals("a 2\n", Files.readString(f));
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "no temp file left");
        }
    }
}
