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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Container state read over the Docker socket: a Docker that cannot be reached is UNKNOWN, naming
 * where it looked.
 */
class ContainerProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aMissingUnixSocketIsUnknownNamingTheSocket() {
        String host = "unix:///nonexistent/docker.sock";
        Observed<Map<String, ContainerState>> o =
                new ContainerProbe(new DockerApi(host, TIMEOUT)).observe("stack");
        String reason = assertInstanceOf(Observed.Unknown.class, o, o.describe()).reason();
        assertTrue(reason.contains("/nonexistent/docker.sock"), reason);
        assertTrue(
                o.latency().compareTo(TIMEOUT) < 0,
                "fails at once: " + o.latency().toMillis() + " ms");
    }

    @Test
    void aClosedTcpPortIsUnknown() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String host = "tcp://127.0.0.1:" + port;
        Observed<Map<String, ContainerState>> o =
                new ContainerProbe(new DockerApi(host, TIMEOUT)).observe("stack");
        String reason = assertInstanceOf(Observed.Unknown.class, o, o.describe()).reason();
        assertTrue(reason.contains(host), reason);
    }

    @Test
    void aDockerHostOfAnotherSchemeIsUnknownNamingTheSetting() {
        Observed<Map<String, ContainerState>> o =
                new ContainerProbe(new DockerApi("npipe:////./pipe/docker", TIMEOUT))
                        .observe("stack");
        String reason = assertInstanceOf(Observed.Unknown.class, o, o.describe()).reason();
        assertTrue(reason.contains("docker.host"), reason);
    }

    /**
     * Something on the Docker port that is not Docker (here: an HTML page) is UNKNOWN, not "no
     * containers".
     */
    @Test
    void somethingElseOnTheDockerPortIsUnknown() throws IOException {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                ex -> {
                    byte[] b =
                            "<html><body>not docker</body></html>".getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/html");
                    ex.getResponseHeaders().set("Connection", "close");
                    ex.sendResponseHeaders(200, b.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(b);
                    }
                });
        server.start();
        try {
            String host = "tcp://127.0.0.1:" + server.getAddress().getPort();
            Observed<Map<String, ContainerState>> o =
                    new ContainerProbe(new DockerApi(host, TIMEOUT)).observe("stack");
            assertInstanceOf(Observed.Unknown.class, o, o.describe());
        } finally {
            server.stop(0);
        }
    }

    /** A hung "Docker" (accepts, never answers) costs one timeout and is UNKNOWN. */
    @Test
    void aHungDockerIsUnknownWithinTheTimeout() throws IOException {
        Duration timeout = Duration.ofMillis(400);
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String host = "tcp://127.0.0.1:" + hung.getLocalPort();
            Observed<Map<String, ContainerState>> o =
                    new ContainerProbe(new DockerApi(host, timeout)).observe("stack");
            String reason = assertInstanceOf(Observed.Unknown.class, o, o.describe()).reason();
            assertTrue(reason.contains("did not answer"), reason);
            assertTrue(
                    o.latency().compareTo(timeout.multipliedBy(2)) < 0,
                    o.latency().toMillis() + " ms");
        }
    }

    @Test
    void aProjectWithoutContainersIsAKnownEmptyMap() throws Exception {
        Assumptions.assumeTrue(
                Files.exists(Path.of("/var/run/docker.sock")), "no /var/run/docker.sock");
        Assumptions.assumeTrue(dockerAnswers(), "`docker version` does not reach an engine");
        String project = "fw-probe-test-" + UUID.randomUUID().toString().substring(0, 8);
        Observed<Map<String, ContainerState>> o =
                new ContainerProbe(new DockerApi("unix:///var/run/docker.sock", TIMEOUT))
                        .observe(project);
        assertEquals(Map.of(), o.known().orElseThrow(() -> new AssertionError(o.describe())));
    }

    static boolean dockerAnswers() {
        try {
            Process p =
                    new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
