package org.failoverwatchdog.drills.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.inventory.InventoryLoader;
import org.failoverwatchdog.drills.remote.ShellScript;
import org.failoverwatchdog.drills.remote.ShellScriptTest;
import org.junit.jupiter.api.Test;

class ParsersTest {
    static final Inventory.Node N1 = new Inventory.Node("node1", "10.0.0.11", Optional.empty());

    @Test
    void theFactsScriptIsTheResourceWithTheInventorysValuesInFront() throws Exception {
        Inventory inv = InventoryLoader.lab(Path.of("/repo"));
        String full = new NodeFactsReader(inv).script(true),
                quick = new NodeFactsReader(inv).script(false);
        assertTrue(
                full.startsWith(
                        "STACK_DIR='/opt/fw/stack'\nSTACK_PROJECT='fw'\nROUTER_PORT='9000'\nAPP_DB='app'\n"
                                + "REPMGR_CONFIG='/etc/repmgr.conf'\nWATCHDOG_SERVICE='failover-watchdog.service'\nFULL='1'\n# shellcheck shell=bash\n"),
                full);
        assertTrue(quick.contains("\nFULL='0'\n"), quick);
        assertTrue(full.endsWith(ShellScript.text(NodeFactsReader.SCRIPT)));
        ShellScriptTest.bash(full, "-n");
    }

    @Test
    void statusLines() {
        assertEquals(200, LbProbe.statusCode("HTTP/1.1 200 OK"));
        assertEquals(503, LbProbe.statusCode("HTTP/1.0 503 Service Unavailable"));
        assertEquals(0, LbProbe.statusCode(null));
        assertEquals(0, LbProbe.statusCode("SSH-2.0-OpenSSH"));
        assertEquals(0, LbProbe.statusCode("HTTP/1.1 abc"));
    }

    @Test
    void haproxyStatsCsv() {
        String csv =
                "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight\n"
                        + "nodes_https,node1,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP,1\n"
                        + "nodes_https,node2,0,0,0,0,,0,0,0,,0,,0,0,0,0,DOWN,1\n"
                        + "nodes_https,BACKEND,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP,1\n"
                        + "nodes_http,node1,0,0,0,0,,0,0,0,,0,,0,0,0,0,MAINT,1\n";
        assertEquals(Map.of("node1", "UP", "node2", "DOWN"), LbStats.parse(csv, "nodes_https"));
        assertEquals(1, LbStats.inRotation(LbStats.parse(csv, "nodes_https")));
    }

    @Test
    void routerRegistry() {
        Registry r =
                Registry.parse(
                                "{\"router\":{\"nodeIp\":\"10.0.0.11\"},\"services\":[{\"type\":\"EDGE\",\"nodeIp\":\"10.0.0.12\","
                                        + "\"role\":\"SLAVE\",\"status\":\"ACTIVE\"},{\"type\":\"GATEWAY\",\"nodeIp\":\"10.0.0.12\",\"role\":\"SLAVE\",\"status\":\"STARTING\"}]}")
                        .orElseThrow();
        assertTrue(r.active("EDGE", "10.0.0.12"));
        assertTrue(!r.active("GATEWAY", "10.0.0.12"));
        assertEquals(Optional.empty(), Registry.parse("<html>bad gateway</html>"));
        assertEquals(Optional.empty(), Registry.parse(""));
    }

    @Test
    void nodeFactsFromTheScriptsOutput() {
        String out =
                "db=STANDBY\nwal_receiver=streaming\nprofile=ha-secondary\nrouter_ip=10.0.0.12\nnode_ip=10.0.0.11\n"
                        + "containers=edge=running/Up 2 minutes (healthy);router=exited/Exited (137) 1 minute ago;\nrouter=none\nrepmgr_rc=0\nwatchdog=inactive\n";
        NodeFacts.Reachable f = (NodeFacts.Reachable) NodeFactsReader.parse(N1, out);
        assertEquals(NodeFacts.DbRole.STANDBY, f.db());
        assertEquals("streaming", f.walReceiver());
        assertEquals("10.0.0.12", f.haRouterIp());
        assertEquals("running/Up 2 minutes (healthy)", f.containers().get("edge"));
        assertEquals(2, f.containers().size());
        assertTrue(!f.routerRunning());
        assertEquals(Optional.of(true), f.repmgrOk());
        assertEquals("", f.readOnly(), "no read_only line: not known, and not fenced");
        NodeFacts.Reachable fenced =
                (NodeFacts.Reachable)
                        NodeFactsReader.parse(N1, "db=PRIMARY\nread_only=on\nrouter=none\n");
        assertTrue(fenced.fenced());
        assertInstanceOf(
                NodeFacts.Unreachable.class,
                NodeFactsReader.parse(N1, "bash: docker: not found\n"));
    }
}
