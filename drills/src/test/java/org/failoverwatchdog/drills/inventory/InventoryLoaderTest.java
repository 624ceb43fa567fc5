package org.failoverwatchdog.drills.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InventoryLoaderTest {
    static final Path BASE = Path.of("/repo");

    static String lab() throws IOException {
        try (InputStream in = InventoryLoaderTest.class.getResourceAsStream("/lab-inventory.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static InventoryException fails(String yaml) {
        return assertThrows(
                InventoryException.class, () -> InventoryLoader.parse(yaml, "inv.yml", BASE));
    }

    @Test
    void theLabInventoryParses() throws Exception {
        Inventory inv = InventoryLoader.parse(lab(), "lab", BASE);
        assertEquals(2, inv.dataNodes().size());
        assertEquals("10.231.77.12", inv.node("node2").address());
        assertEquals("node1", inv.peerOf(inv.node("node2")).name());
        assertEquals(Path.of("/repo/lab/.lab/ssh/id_ed25519"), inv.ssh().privateKey());
        assertEquals("127.0.0.1", inv.lb().connectTo().orElseThrow());
        assertTrue(inv.lb().insecureTls());
        assertInstanceOf(PowerOff.Container.class, inv.powerOff());
        assertInstanceOf(Inventory.Secret.PasswordFile.class, inv.database().password());
        assertEquals(9999, inv.database().pgpoolPort());
        assertTrue(inv.repmgr().rejoinCommand().contains("{primary}"));
    }

    @Test
    void aMissingFieldIsNamedWithItsFix() throws Exception {
        String y = lab().replace("  user: root\n", "");
        InventoryException e = fails(y);
        assertTrue(e.getMessage().contains("ssh: missing field 'user'"), e.getMessage());
        assertTrue(e.getMessage().contains("(fix: "), e.getMessage());
    }

    @Test
    void anUnknownFieldIsRefusedWithItsLine() throws Exception {
        String y = lab().replace("  pgpool_port: 9999\n", "  pgpool_prot: 9999\n");
        InventoryException e = fails(y);
        assertTrue(
                e.getMessage()
                        .matches(
                                "inv\\.yml:\\d+: database\\.pgpool_prot: unknown field 'pgpool_prot'.*"),
                e.getMessage());
    }

    @Test
    void aBadAddressIsRefused() throws Exception {
        InventoryException e = fails(lab().replace("10.231.77.12", "10.231.77.300"));
        assertTrue(
                e.getMessage().contains("nodes[1].address: '10.231.77.300' is not an IPv4 address"),
                e.getMessage());
    }

    @Test
    void exactlyTwoDataNodes() throws Exception {
        InventoryException e =
                fails(
                        lab().replace(
                                        "  - {name: node2, address: 10.231.77.12, container: fwlab-node2}\n",
                                        ""));
        assertTrue(e.getMessage().contains("1 data nodes listed"), e.getMessage());
    }

    @Test
    void containerPowerOffNeedsEachNodesContainer() throws Exception {
        InventoryException e = fails(lab().replace(", container: fwlab-node2}", "}"));
        assertTrue(
                e.getMessage()
                        .contains("power_off.mode: mode container but node node2 has no container"),
                e.getMessage());
    }

    @Test
    void commandPowerOffNeedsBothCommands() throws Exception {
        InventoryException e =
                fails(
                        lab().replace(
                                        "  mode: container",
                                        "  mode: command\n  off: ipmitool power off {node}"));
        assertTrue(e.getMessage().contains("power_off: missing field 'on'"), e.getMessage());
        Inventory inv =
                InventoryLoader.parse(
                        lab().replace(
                                        "  mode: container",
                                        "  mode: command\n  off: pw off {node}\n  on: pw on {node}"),
                        "x",
                        BASE);
        assertEquals("pw on {node}", ((PowerOff.Command) inv.powerOff()).on());
    }

    @Test
    void anUnknownPowerOffModeIsRefused() throws Exception {
        InventoryException e = fails(lab().replace("  mode: container", "  mode: pull-the-plug"));
        assertTrue(e.getMessage().contains("unknown mode 'pull-the-plug'"), e.getMessage());
    }

    @Test
    void exactlyOnePasswordSource() throws Exception {
        InventoryException e =
                fails(
                        lab().replace(
                                        "  password_file: lab/.lab/secrets/app.pw\n",
                                        "  password_file: a\n  passfile: b\n"));
        assertTrue(
                e.getMessage().contains("both passfile and password_file are set"), e.getMessage());
        e = fails(lab().replace("  password_file: lab/.lab/secrets/app.pw\n", ""));
        assertTrue(e.getMessage().contains("no password source"), e.getMessage());
    }

    @Test
    void theHealthUrlMustBeHttp() throws Exception {
        InventoryException e =
                fails(lab().replace("https://fw.lab.test:18443/edge/rest/health", "ftp://x/y"));
        assertTrue(
                e.getMessage()
                        .contains("lb.health_url: 'ftp://x/y' is not an absolute http/https URL"),
                e.getMessage());
    }

    @Test
    void theProbeTimeoutIsBounded() throws Exception {
        InventoryException e = fails(lab().replace("timeout: 2500ms", "timeout: 10s"));
        assertTrue(e.getMessage().contains("lb.timeout: 10s is out of range"), e.getMessage());
    }

    @Test
    void brokenYamlSaysWhere() {
        InventoryException e = fails("nodes:\n  - {name: node1\nssh: [");
        assertTrue(e.getMessage().startsWith("inv.yml:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void rejoinCommandMustUseThePrimaryPlaceholder() throws Exception {
        InventoryException e = fails(lab().replace("{primary}", "10.0.0.1"));
        assertTrue(
                e.getMessage().contains("repmgr.rejoin_command: does not mention {primary}"),
                e.getMessage());
    }

    /**
     * The inventory reads durations like watchdog.yml: an hour is a duration, out of range here.
     */
    @Test
    void durationsTakeTheSameUnitsAsWatchdogYml() throws Exception {
        assertEquals(
                java.time.Duration.ofMinutes(1),
                InventoryLoader.parse(
                                lab().replace("connect_timeout: 3s", "connect_timeout: 1m"),
                                "x",
                                BASE)
                        .ssh()
                        .connectTimeout());
        InventoryException e = fails(lab().replace("connect_timeout: 3s", "connect_timeout: 1h"));
        assertTrue(
                e.getMessage()
                        .contains(
                                "ssh.connect_timeout: 1h is out of range (fix: use a duration from 500ms to 60s)"),
                e.getMessage());
    }

    /** As in watchdog.yml, a single value is a list of one. */
    @Test
    void oneServiceTypeNeedsNoBrackets() throws Exception {
        Inventory inv =
                InventoryLoader.parse(
                        lab().replace(
                                        "service_types: [GATEWAY, DATASERVICE, EDGE, BASTION]",
                                        "service_types: EDGE"),
                        "x",
                        BASE);
        assertEquals(java.util.List.of("EDGE"), inv.stack().serviceTypes());
    }

    @Test
    void theUpgradeSectionResolvesItsPathsAndHasDefaults() throws Exception {
        Inventory.Upgrade u = InventoryLoader.parse(lab(), "lab", BASE).upgrade().orElseThrow();
        assertEquals("lab/lab upgrade", u.command());
        assertEquals(Path.of("/repo"), u.workdir());
        assertEquals(java.time.Duration.ofMinutes(20), u.deadline());
        assertEquals(Path.of("/repo/watchdog/target/watchdog.jar"), u.jar());
        assertEquals("/usr/local/lib/failover-watchdog/failover-watchdog.jar", u.installedJar());
        String own =
                lab().substring(0, lab().indexOf("upgrade:"))
                        + "upgrade:\n  command: ansible-playbook -i inv upgrade.yml\n";
        Inventory.Upgrade d = InventoryLoader.parse(own, "x", BASE).upgrade().orElseThrow();
        assertEquals(Path.of("/repo"), d.workdir());
        assertEquals(java.time.Duration.ofMinutes(20), d.deadline());
        assertEquals(Path.of("/repo/watchdog/target/watchdog.jar"), d.jar());
        String none = lab().substring(0, lab().indexOf("upgrade:"));
        assertTrue(InventoryLoader.parse(none, "x", BASE).upgrade().isEmpty(), "optional");
    }

    @Test
    void theUpgradeSectionIsChecked() throws Exception {
        InventoryException e = fails(lab().replace("  command: lab/lab upgrade\n", ""));
        assertTrue(e.getMessage().contains("upgrade: missing field 'command'"), e.getMessage());
        e = fails(lab().replace("  deadline: 20m", "  deadline: 5s"));
        assertTrue(e.getMessage().contains("upgrade.deadline: 5s is out of range"), e.getMessage());
        e =
                fails(
                        lab().replace(
                                        "  installed_jar: /usr/local/lib/",
                                        "  installed_jar: usr/local/lib/"));
        assertTrue(
                e.getMessage().contains("upgrade.installed_jar: 'usr/local/lib/")
                        && e.getMessage().contains("is not absolute"),
                e.getMessage());
        e = fails(lab().replace("  workdir: .", "  workdir: .\n  playbook: x"));
        assertTrue(e.getMessage().contains("upgrade.playbook: unknown field"), e.getMessage());
    }
}
