package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.Conninfo;
import org.failoverwatchdog.probes.ContainerProbe;
import org.failoverwatchdog.probes.DockerApi;
import org.failoverwatchdog.probes.JeremyRouterAdapter;
import org.failoverwatchdog.probes.PostgresProbe;
import org.failoverwatchdog.probes.RouterProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gate answers against a router stand-in on loopback; nothing else listens where the other probes
 * look.
 */
class ProbeGatesTest {
    private HttpServer server;
    private volatile String body;
    private int closedPort;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/router/rest/status",
                x -> {
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    x.getResponseHeaders().add("Content-Type", "application/json");
                    x.sendResponseHeaders(200, b.length);
                    x.getResponseBody().write(b);
                    x.close();
                });
        server.start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // free once closed: a port where nothing answers
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ProbeGates gates(int routerPort) {
        return new ProbeGates(
                new PostgresProbe(Duration.ofSeconds(1)),
                Conninfo.parse("host=127.0.0.1 port=" + closedPort + " user=watchdog"),
                new RouterProbe(Duration.ofSeconds(1), new JeremyRouterAdapter()),
                "http://{ip}:" + routerPort + "/router/rest/status",
                new ContainerProbe(
                        new DockerApi("unix:///nonexistent/docker.sock", Duration.ofSeconds(1))),
                "stack",
                Conninfo.parse("host=127.0.0.1 port=" + closedPort + " user=watchdog"));
    }

    private static String registry(String status) {
        return "{\"router\":{\"nodeIp\":\"127.0.0.1\"},\"services\":[{\"type\":\"EDGE\",\"instanceId\":\"edge@127.0.0.1\","
                + "\"nodeIp\":\"127.0.0.1\",\"role\":\"MASTER\",\"status\":\""
                + status
                + "\"}]}";
    }

    @Test
    void registryActivePassesOnlyForAnActiveEntryOfThatTypeAndNode() {
        ProbeGates g = gates(server.getAddress().getPort());
        body = registry("ACTIVE");
        assertTrue(g.check(new GateCheck.RegistryActive("EDGE", "127.0.0.1", "127.0.0.1")).ok());
        assertEquals(
                Answer.no("not registered"),
                g.check(new GateCheck.RegistryActive("EDGE", "127.0.0.1", "127.0.0.2")));
        assertEquals(
                Answer.no("not registered"),
                g.check(new GateCheck.RegistryActive("GATEWAY", "127.0.0.1", "127.0.0.1")));
        body = registry("STARTING");
        assertEquals(
                Answer.no("registered, not ACTIVE yet"),
                g.check(new GateCheck.RegistryActive("EDGE", "127.0.0.1", "127.0.0.1")));
        assertEquals(Answer.yes("1 registered"), g.check(new GateCheck.RouterAnswers("127.0.0.1")));
    }

    @Test
    void anUnreadableRegistryIsAGateThatHasNotPassed() {
        ProbeGates g = gates(server.getAddress().getPort());
        body = "<html>proxy error</html>";
        Answer a = g.check(new GateCheck.RouterAnswers("127.0.0.1"));
        assertFalse(a.ok());
        assertTrue(a.detail().startsWith("UNKNOWN"), a.detail());
    }

    @Test
    void unreachableThingsAreGatesThatHaveNotPassed() {
        ProbeGates g = gates(closedPort);
        assertTrue(
                g.check(new GateCheck.RouterAnswers("127.0.0.1"))
                        .detail()
                        .startsWith("unreachable"));
        assertFalse(g.check(new GateCheck.RegistryActive("EDGE", "127.0.0.1", "127.0.0.1")).ok());
        assertFalse(g.check(new GateCheck.PoolerAnswers()).ok());
        Answer docker = g.check(new GateCheck.ContainerHealthy("edge"));
        assertFalse(docker.ok());
        assertTrue(docker.detail().startsWith("UNKNOWN"), docker.detail());
    }

    @Test
    void anIpv6RouterAddressIsBracketed() {
        assertEquals("http://[::1]:9000/router/rest/status", gates(9000).url("::1"));
    }
}
