package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.failoverwatchdog.probes.EnvFile;
import org.failoverwatchdog.probes.EnvFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileWriterTest {
    private static final String ORIGINAL =
            """
            # HA state of this node (managed by the watchdog)
            COMPOSE_PROFILES=ha-secondary

            # the node whose router is active
            HA_ROUTER_IP=10.77.0.12   # peer
            NODE_IP="10.77.0.11"
            PEER_IP=10.77.0.12
            """;

    @TempDir Path dir;

    private Path env(String text) throws IOException {
        Path p = dir.resolve(".env");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static Map<String, String> values(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private List<Path> others() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals(".env")).toList();
        }
    }

    @Test
    void changesOnlyTheValuesKeepingCommentsBlankLinesAndOrder() throws Exception {
        Path p = env(ORIGINAL);
        assertTrue(
                new EnvFileWriter(p)
                        .apply(
                                values(
                                        "HA_ROUTER_IP",
                                        "10.77.0.11",
                                        "COMPOSE_PROFILES",
                                        "ha-primary",
                                        "NEW_KEY",
                                        "x")));
        assertEquals(
                """
                # HA state of this node (managed by the watchdog)
                COMPOSE_PROFILES=ha-primary

                # the node whose router is active
                HA_ROUTER_IP=10.77.0.11
                NODE_IP="10.77.0.11"
                PEER_IP=10.77.0.12
                NEW_KEY=x
                """,
                Files.readString(p));
        assertEquals(List.of(), others(), "no temporary file left behind");
    }

    @Test
    void writesNothingWhenEveryValueIsAlreadySet() throws Exception {
        Path p = env(ORIGINAL);
        Object inode = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        // NODE_IP is quoted in the file; its value is the same, so it is not rewritten either.
        assertFalse(
                new EnvFileWriter(p)
                        .apply(
                                values(
                                        "COMPOSE_PROFILES",
                                        "ha-secondary",
                                        "NODE_IP",
                                        "10.77.0.11")));
        assertEquals(ORIGINAL, Files.readString(p));
        assertEquals(
                inode,
                Files.readAttributes(p, BasicFileAttributes.class).fileKey(),
                "same file, not replaced");
    }

    @Test
    void originalIsIntactWhenTheWriteFailsBeforeTheRename() throws Exception {
        Path p = env(ORIGINAL);
        EnvFileWriter failing =
                new EnvFileWriter(
                        p,
                        temp -> {
                            assertTrue(
                                    Files.readString(temp).contains("ha-primary"),
                                    "the new text is complete in the temporary file");
                            throw new IOException("disk full (simulated)");
                        });
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> failing.apply(values("COMPOSE_PROFILES", "ha-primary")));
        assertEquals("disk full (simulated)", e.getMessage());
        assertEquals(ORIGINAL, Files.readString(p));
        assertEquals(List.of(), others(), "the temporary file is removed");
    }

    @Test
    void replacesTheFileByRenameKeepingItsPermissions() throws Exception {
        Path p = env(ORIGINAL);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r-----"));
        Object inode = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        new EnvFileWriter(p).apply(values("COMPOSE_PROFILES", "ha-primary"));
        assertNotEquals(
                inode,
                Files.readAttributes(p, BasicFileAttributes.class).fileKey(),
                "a new file was renamed into place");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }

    @Test
    void keepsTheOwnerAndGroup() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing an owner needs root");
        Path p = env(ORIGINAL);
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal nobody = users.lookupPrincipalByName("nobody");
        GroupPrincipal nogroup = users.lookupPrincipalByGroupName("nogroup");
        Files.setOwner(p, nobody);
        Files.getFileAttributeView(p, PosixFileAttributeView.class).setGroup(nogroup);
        new EnvFileWriter(p).apply(values("COMPOSE_PROFILES", "ha-primary"));
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
        assertEquals(nobody, a.owner());
        assertEquals(nogroup, a.group());
    }

    @Test
    void refusesAnEnvThatDoesNotParseNamingFileLineAndFix() throws Exception {
        String corrupt = "COMPOSE_PROFILES=ha-secondary\n# fine\nthis is not an assignment\n";
        Path p = env(corrupt);
        EnvFileException e =
                assertThrows(
                        EnvFileException.class,
                        () -> new EnvFileWriter(p).apply(values("COMPOSE_PROFILES", "ha-primary")));
        assertTrue(e.getMessage().contains(p.toRealPath() + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
        assertEquals(corrupt, Files.readString(p));
        assertEquals(List.of(), others());
    }

    @Test
    void refusesAValueThatWouldNeedQuotingAndWritesNothing() throws Exception {
        Path p = env(ORIGINAL);
        assertThrows(
                IllegalArgumentException.class,
                () -> new EnvFileWriter(p).apply(values("COMPOSE_PROFILES", "ha primary")));
        assertEquals(ORIGINAL, Files.readString(p));
    }

    @Test
    void aSymlinkedEnvIsWrittenWhereItLivesAndTheLinkStays() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real")).resolve("stack.env");
        Files.writeString(real, ORIGINAL);
        Path link = Files.createSymbolicLink(dir.resolve("link.env"), real);
        new EnvFileWriter(link).apply(values("COMPOSE_PROFILES", "ha-primary"));
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).contains("COMPOSE_PROFILES=ha-primary"));
    }

    @Test
    void writeCreatesANewEnvReadableByAll() throws Exception {
        Path p = dir.resolve(".env");
        new EnvFileWriter(p).write(EnvFile.parse("new", "# first\nNODE_IP=10.77.0.11\n"));
        assertEquals("# first\nNODE_IP=10.77.0.11\n", Files.readString(p));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        assertEquals(List.of(), others(), "no temporary file is left");
    }

    @Test
    void writeReplacesAnExistingEnvKeepingItsModeAndALinkStays() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real")).resolve("stack.env");
        Files.writeString(real, ORIGINAL);
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link.env"), real);
        new EnvFileWriter(link).write(EnvFile.parse("next", "A=1\n"));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("A=1\n", Files.readString(real));
        assertEquals(
                "rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    }
}
