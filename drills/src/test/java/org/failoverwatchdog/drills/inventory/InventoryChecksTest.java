package org.failoverwatchdog.drills.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryChecksTest {
    @TempDir Path dir;

    /** A lab-like inventory whose files live in the temp dir; knownHosts lists the given hosts. */
    Inventory setUp(String knownHostsHosts, String secretMode) throws Exception {
        KeyPair kp =
                KeyPair.genKeyPair(
                        new JSch(), KeyPair.ECDSA, 256); // JSch cannot write ed25519 private keys
        ByteArrayOutputStream priv = new ByteArrayOutputStream(), pub = new ByteArrayOutputStream();
        kp.writePrivateKey(priv);
        kp.writePublicKey(pub, "test");
        Path lab = dir.resolve("lab/.lab");
        Files.createDirectories(lab.resolve("ssh"));
        Files.createDirectories(lab.resolve("secrets"));
        Files.write(lab.resolve("ssh/id_ed25519"), priv.toByteArray());
        Files.setPosixFilePermissions(
                lab.resolve("ssh/id_ed25519"), PosixFilePermissions.fromString("rw-------"));
        StringBuilder kh = new StringBuilder();
        for (String h : knownHostsHosts.split(" "))
            kh.append(h)
                    .append(' ')
                    .append(pub.toString(StandardCharsets.UTF_8).strip())
                    .append('\n');
        Files.writeString(lab.resolve("ssh/known_hosts"), kh.toString());
        Files.writeString(lab.resolve("secrets/app.pw"), "secret\n");
        Files.setPosixFilePermissions(
                lab.resolve("secrets/app.pw"), PosixFilePermissions.fromString(secretMode));
        return InventoryLoader.parse(InventoryLoaderTest.lab(), "lab", dir);
    }

    @Test
    void aCompleteSetUpHasNoProblems() throws Exception {
        Inventory inv =
                setUp("node1,10.231.77.11 node2,10.231.77.12 witness,10.231.77.13", "rw-------");
        assertEquals(List.of(), InventoryChecks.problems(inv));
    }

    @Test
    void aNodeWithoutAHostKeyIsNamed() throws Exception {
        Inventory inv = setUp("node1,10.231.77.11 witness,10.231.77.13", "rw-------");
        List<String> p = InventoryChecks.problems(inv);
        assertEquals(1, p.size(), p.toString());
        assertTrue(
                p.get(0).contains("ssh.known_hosts: no host key for node2 (10.231.77.12)"),
                p.get(0));
        assertTrue(p.get(0).contains("fix:"), p.get(0));
    }

    @Test
    void aSecretReadableByOthersIsRefused() throws Exception {
        Inventory inv =
                setUp("node1,10.231.77.11 node2,10.231.77.12 witness,10.231.77.13", "rw-r--r--");
        List<String> p = InventoryChecks.problems(inv);
        assertEquals(1, p.size(), p.toString());
        assertTrue(
                p.get(0).contains("database.password_file") && p.get(0).contains("chmod 600"),
                p.get(0));
    }

    @Test
    void missingFilesAreAllReportedAtOnce() throws Exception {
        Inventory inv =
                InventoryLoader.parse(InventoryLoaderTest.lab(), "lab", dir.resolve("nowhere"));
        List<String> p = InventoryChecks.problems(inv);
        assertEquals(3, p.size(), p.toString()); // password file, private key, known_hosts
    }
}
