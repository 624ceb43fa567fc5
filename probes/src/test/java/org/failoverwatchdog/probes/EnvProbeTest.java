package org.failoverwatchdog.probes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .env as the tick observes it, from real files: a bad one is UNKNOWN with file:line and the
 * fix, and is never touched.
 */
class EnvProbeTest {
    @TempDir Path dir;

    private Observed<EnvValues> observeFile(String text) throws Exception {
        Path f = dir.resolve(".env");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        byte[] before = Files.readAllBytes(f);
        Observed<EnvValues> o = new EnvProbe().observe(f);
        assertArrayEquals(before, Files.readAllBytes(f), "observing never changes the file");
        return o;
    }

    @Test
    void aGoodFileIsKnown() throws Exception {
        Observed<EnvValues> o =
                observeFile("# state\nCOMPOSE_PROFILES=ha-primary\nHA_ROUTER_IP=10.77.0.11\n");
        assertEquals(
                new EnvValues(Optional.of("ha-primary"), Optional.of("10.77.0.11")),
                o.known().orElseThrow());
    }

    @Test
    void unsetKeysAreKnownAndEmpty() throws Exception {
        Observed<EnvValues> o = observeFile("# nothing yet\n");
        assertEquals(new EnvValues(Optional.empty(), Optional.empty()), o.known().orElseThrow());
    }

    @Test
    void aLineWithoutEqualsIsUnknownNamingFileLineAndFix() throws Exception {
        String reason =
                assertInstanceOf(
                                Observed.Unknown.class,
                                observeFile("COMPOSE_PROFILES=ha-primary\n\nHA_ROUTER_IP\n"))
                        .reason();
        assertTrue(reason.startsWith(dir.resolve(".env") + ":3: "), reason);
        assertTrue(reason.contains("fix:"), reason);
    }

    @Test
    void aDuplicateKeyIsUnknownNamingFileLineAndFix() throws Exception {
        String reason =
                assertInstanceOf(
                                Observed.Unknown.class,
                                observeFile(
                                        "HA_ROUTER_IP=10.77.0.11\nCOMPOSE_PROFILES=ha-primary\nHA_ROUTER_IP=10.77.0.12\n"))
                        .reason();
        assertTrue(reason.startsWith(dir.resolve(".env") + ":3: "), reason);
        assertTrue(reason.contains("also on line 1"), reason);
        assertTrue(reason.contains("fix:"), reason);
    }

    @Test
    void anUnterminatedQuoteIsUnknownNamingFileLineAndFix() throws Exception {
        String reason =
                assertInstanceOf(
                                Observed.Unknown.class,
                                observeFile("COMPOSE_PROFILES='ha-primary\n"))
                        .reason();
        assertTrue(reason.startsWith(dir.resolve(".env") + ":1: unterminated quote"), reason);
        assertTrue(reason.contains("fix:"), reason);
    }

    @Test
    void aMissingFileIsUnknownWithTheFix() {
        Path missing = dir.resolve("nope/.env");
        Observed<EnvValues> o = new EnvProbe().observe(missing);
        String reason = assertInstanceOf(Observed.Unknown.class, o).reason();
        assertTrue(reason.contains(missing.toString()), reason);
        assertTrue(reason.contains("does not exist"), reason);
        assertTrue(reason.contains("fix: compose.env_file"), reason);
        assertTrue(!Files.exists(missing), "observing creates nothing");
    }

    @Test
    void aDirectoryInsteadOfAFileIsUnknown() throws Exception {
        Path d = Files.createDirectory(dir.resolve("env-dir"));
        String reason =
                assertInstanceOf(Observed.Unknown.class, new EnvProbe().observe(d)).reason();
        assertTrue(reason.contains(d.toString()), reason);
    }

    @Test
    void bytesThatAreNotUtf8AreUnknownNotACrash() throws Exception {
        Path f = dir.resolve(".env");
        Files.write(f, new byte[] {'A', '=', (byte) 0xff, (byte) 0xfe, '\n'});
        Observed<EnvValues> o = new EnvProbe().observe(f);
        String reason = assertInstanceOf(Observed.Unknown.class, o, o.describe()).reason();
        assertTrue(reason.contains(f.toString()), reason);
    }
}
