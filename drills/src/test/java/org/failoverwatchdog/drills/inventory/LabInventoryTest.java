package org.failoverwatchdog.drills.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `lab/lab inventory`: the embedded lab inventory rewritten for a lab with other settings (the one
 * scripts/lab-smoke drills). It only reads lab.conf and the resource: no Docker, no lab.
 */
class LabInventoryTest {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    static String labInventory(Map<String, String> env) throws IOException, InterruptedException {
        Path lab = REPO.resolve("lab/lab");
        assumeTrue(Files.isRegularFile(lab), "lab/lab beside the drills module");
        ProcessBuilder pb =
                new ProcessBuilder("bash", lab.toString(), "inventory").redirectErrorStream(false);
        pb.environment().keySet().removeIf(k -> k.startsWith("LAB_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        return out;
    }

    @Test
    void withTheDefaultsItIsTheEmbeddedInventoryWithAbsolutePaths() throws Exception {
        Inventory got =
                InventoryLoader.parse(
                        labInventory(Map.of()), "lab inventory", Path.of("/elsewhere"));
        Inventory want = InventoryLoader.lab(REPO);
        assertEquals(want.dataNodes(), got.dataNodes());
        assertEquals(want.witness(), got.witness());
        assertEquals(want.ssh(), got.ssh());
        assertEquals(want.lb(), got.lb());
        assertEquals(want.database(), got.database());
        assertEquals(want.stack(), got.stack());
        assertEquals(want.repmgr(), got.repmgr());
        assertEquals(want.watchdog(), got.watchdog());
        assertEquals(want.powerOff(), got.powerOff());
        assertEquals(want.upgrade(), got.upgrade());
        assertEquals(REPO, got.upgrade().orElseThrow().workdir(), "lab/lab upgrade runs here");
    }

    @Test
    void aSecondLabGetsItsOwnNamesAddressesPortsAndStateDirectory() throws Exception {
        String text =
                labInventory(
                        Map.ofEntries(
                                Map.entry("LAB_NAME", "fwci"),
                                Map.entry("LAB_NODE1_IP", "10.231.78.11"),
                                Map.entry("LAB_NODE2_IP", "10.231.78.12"),
                                Map.entry("LAB_WITNESS_IP", "10.231.78.13"),
                                Map.entry("LAB_LB_HTTPS_PORT", "28443"),
                                Map.entry("LAB_LB_STATS_PORT", "28404"),
                                Map.entry("LAB_PUBLIC_HOST", "ci.lab.test"),
                                Map.entry("LAB_APP_DB", "appci"),
                                Map.entry("LAB_APP_USER", "appuser"),
                                Map.entry("LAB_STACK_PROJECT", "fwc"),
                                Map.entry("LAB_STATE_DIR", "/tmp/fw-ci-lab.x")));
        for (String stale :
                List.of("10.231.77.", "fwlab", "18443", "18404", "fw.lab.test", "lab/.lab")) {
            assertFalse(text.contains(stale), stale + " left in\n" + text);
        }
        Inventory inv = InventoryLoader.parse(text, "lab inventory", Path.of("/elsewhere"));
        assertEquals(
                List.of(
                        new Inventory.Node("node1", "10.231.78.11", Optional.of("fwci-node1")),
                        new Inventory.Node("node2", "10.231.78.12", Optional.of("fwci-node2"))),
                inv.dataNodes());
        assertEquals(
                Optional.of(
                        new Inventory.Node("witness", "10.231.78.13", Optional.of("fwci-witness"))),
                inv.witness());
        assertEquals(Path.of("/tmp/fw-ci-lab.x/ssh/id_ed25519"), inv.ssh().privateKey());
        assertEquals(Path.of("/tmp/fw-ci-lab.x/ssh/known_hosts"), inv.ssh().knownHosts());
        assertEquals(
                URI.create("https://ci.lab.test:28443/edge/rest/health"), inv.lb().healthUrl());
        assertEquals(
                Optional.of(URI.create("http://127.0.0.1:28404/stats;csv")),
                inv.lb().statsCsvUrl());
        assertEquals(
                new Inventory.Secret.PasswordFile(Path.of("/tmp/fw-ci-lab.x/secrets/app.pw")),
                inv.database().password());
        assertEquals("appci", inv.database().name());
        assertEquals("appuser", inv.database().user());
        assertEquals("fwc", inv.stack().project());
    }
}
