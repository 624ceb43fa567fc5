package org.failoverwatchdog.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The router probe against a real HTTP server on loopback: each bad answer is UNKNOWN with a
 * reason, never a crash.
 */
class RouterProbeTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final String VALID =
            """
            {
              "router": {"nodeIp": "10.77.0.11", "startedAt": "2026-11-21T21:30:00Z"},
              "services": [
                {"type": "EDGE", "instanceId": "edge@10.77.0.11", "nodeIp": "10.77.0.11",
                 "role": "MASTER", "status": "ACTIVE", "registeredAt": "2026-11-21T21:30:02Z"},
                {"type": "GATEWAY", "instanceId": "gateway@10.77.0.12", "nodeIp": "10.77.0.12",
                 "role": "SLAVE", "status": "STARTING", "registeredAt": "2026-11-21T21:30:03Z"}
              ]
            }""";
    private static final String HTML =
            "<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head><body>It works</body></html>";
    private static final String BAD_ROLE =
            """
            {"services": [
              {"type": "EDGE", "nodeIp": "10.77.0.11", "role": "MASTER", "status": "ACTIVE"},
              {"type": "GATEWAY", "nodeIp": "10.77.0.11", "role": "BOSS", "status": "ACTIVE"}
            ]}""";

    private static HttpServer server;
    private static String base;
    private final RouterProbe probe = new RouterProbe(TIMEOUT, new JeremyRouterAdapter());

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        respond("/valid/router/rest/status", 200, "application/json", VALID);
        respond("/html/router/rest/status", 200, "text/html", HTML);
        respond("/error/router/rest/status", 500, "text/plain", "internal error");
        respond("/badrole/router/rest/status", 200, "application/json", BAD_ROLE);
        respond("/nojson/router/rest/status", 200, "application/json", "{\"router\": {}}");
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(String path, int code, String type, String body) {
        server.createContext(
                path,
                ex -> {
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", type);
                    ex.sendResponseHeaders(code, b.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(b);
                    }
                });
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void theContractsAnswerIsAKnownRegistry() {
        Observed<RouterView> o = probe.observe(base + "/valid/router/rest/status");
        RouterView.Registry reg =
                assertInstanceOf(
                        RouterView.Registry.class,
                        o.known().orElseThrow(() -> new AssertionError(o.describe())));
        assertEquals(
                List.of(
                        new RegistryEntry(
                                "EDGE", "10.77.0.11", "MASTER", "ACTIVE", "edge@10.77.0.11"),
                        new RegistryEntry(
                                "GATEWAY",
                                "10.77.0.12",
                                "SLAVE",
                                "STARTING",
                                "gateway@10.77.0.12")),
                reg.entries());
        assertTrue(reg.hasActive("EDGE", "10.77.0.11"));
        assertTrue(reg.has("GATEWAY", "10.77.0.12"));
        assertTrue(!reg.hasActive("GATEWAY", "10.77.0.12"), "STARTING is not ACTIVE");
    }

    @Test
    void anHtmlPageIsUnknownAndQuotesWhatCame() {
        Observed<RouterView> o = probe.observe(base + "/html/router/rest/status");
        String reason = assertInstanceOf(Observed.Unknown.class, o).reason();
        assertTrue(reason.contains("not its registry"), reason);
        assertTrue(reason.contains("'<!DOCTYPE html> <html><head>"), reason);
        assertTrue(reason.contains(base), "names the router: " + reason);
        assertTrue(reason.length() < 300, "quotes the start, not the whole page: " + reason);
    }

    @Test
    void http500IsUnknown() {
        Observed<RouterView> o = probe.observe(base + "/error/router/rest/status");
        String reason = assertInstanceOf(Observed.Unknown.class, o).reason();
        assertTrue(reason.contains("HTTP 500"), reason);
    }

    @Test
    void http404IsUnknownNotUnreachable() {
        Observed<RouterView> o = probe.observe(base + "/nothing-here");
        String reason = assertInstanceOf(Observed.Unknown.class, o).reason();
        assertTrue(reason.contains("HTTP 404"), reason);
    }

    @Test
    void aBadRoleIsUnknownNamingTheField() {
        Observed<RouterView> o = probe.observe(base + "/badrole/router/rest/status");
        String reason = assertInstanceOf(Observed.Unknown.class, o).reason();
        assertTrue(reason.contains("services[1].role"), reason);
        assertTrue(reason.contains("BOSS"), reason);
        assertTrue(reason.contains("MASTER or SLAVE"), reason);
    }

    @Test
    void jsonWithoutServicesIsUnknown() {
        Observed<RouterView> o = probe.observe(base + "/nojson/router/rest/status");
        String reason = assertInstanceOf(Observed.Unknown.class, o).reason();
        assertTrue(reason.contains("no \"services\" array"), reason);
    }

    /**
     * A router that accepts the connection and never answers is hung, not gone: UNKNOWN, which Rule
     * 3 does not count.
     */
    @Test
    void aHungRouterIsUnknownNotUnreachable() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor =
                    new Thread(
                            () -> {
                                try {
                                    while (true)
                                        held.add(hung.accept()); // accept, never read, never answer
                                } catch (IOException closed) {
                                    // the test is over
                                }
                            },
                            "hung-router");
            acceptor.setDaemon(true);
            acceptor.start();
            long t0 = System.nanoTime();
            Observed<RouterView> o =
                    probe.observe(
                            "http://127.0.0.1:" + hung.getLocalPort() + "/router/rest/status");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String reason = assertInstanceOf(Observed.Unknown.class, o, o.describe()).reason();
            assertTrue(
                    reason.contains("did not answer within " + TIMEOUT.toMillis() + " ms"), reason);
            assertTrue(
                    took.compareTo(TIMEOUT.multipliedBy(2)) < 0, "took " + took.toMillis() + " ms");
            assertTrue(
                    took.compareTo(TIMEOUT.minusMillis(50)) >= 0,
                    "waited the timeout: " + took.toMillis() + " ms");
        } finally {
            for (Socket s : held) s.close();
        }
    }

    @Test
    void aClosedPortIsKnownUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/router/rest/status";
        Observed<RouterView> o = probe.observe(url);
        RouterView.Unreachable u =
                assertInstanceOf(
                        RouterView.Unreachable.class,
                        o.known().orElseThrow(() -> new AssertionError(o.describe())));
        assertEquals(url, u.url());
        assertTrue(
                o.latency().compareTo(TIMEOUT) < 0,
                "a refusal is immediate: " + o.latency().toMillis() + " ms");
    }

    @Test
    void aUrlThatIsNotHttpIsUnknownNotAnException() {
        Observed<RouterView> o = probe.observe("http://[not a host/router/rest/status");
        assertInstanceOf(Observed.Unknown.class, o, o.describe());
    }
}
