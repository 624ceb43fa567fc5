package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.failoverwatchdog.probes.ContainerProbe;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DockerApi;

/**
 * A throw-away Compose project on the real engine. No registry is reachable, so the image is made
 * from the host's own /bin/sh and sleep and the libraries they link (a few MB, under a second).
 * Everything the project created is removed by its project label, whatever the test did.
 */
final class DockerFixture implements AutoCloseable {
    static final String IMAGE = "fw-convergence-it:tiny";
    static final String DOCKER_HOST = "unix:///var/run/docker.sock";
    static final String PREFIX = "fwconvit";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stops on SIGTERM at once (sh as PID 1 would otherwise ignore it until Docker kills it). */
    private static final String LOOP = "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done";

    static final String COMPOSE_FILE =
            """
            services:
              plain:
                image: %1$s
                network_mode: none
                stop_grace_period: 2s
                environment:
                  HA_ROUTER_IP: ${HA_ROUTER_IP}
                command: ["/bin/sh", "-c", "%2$s"]
              slowhealthy:
                image: %1$s
                network_mode: none
                stop_grace_period: 2s
                command: ["/bin/sh", "-c", "sleep 3; : > /tmp/ready; %2$s"]
                healthcheck:
                  test: ["CMD-SHELL", "test -f /tmp/ready"]
                  interval: 1s
                  timeout: 1s
                  retries: 60
              healsonrestart:
                image: %1$s
                network_mode: none
                stop_grace_period: 2s
                # Healthy only from its second start on: the first start leaves /ran behind in the container.
                command: ["/bin/sh", "-c", "if [ -f /ran ]; then : > /tmp/ready; fi; : > /ran; %2$s"]
                healthcheck:
                  test: ["CMD-SHELL", "test -f /tmp/ready"]
                  interval: 1s
                  timeout: 1s
                  retries: 60
              router:
                image: %1$s
                network_mode: none
                stop_grace_period: 2s
                profiles: ["ha-primary"]
                command: ["/bin/sh", "-c", "%2$s"]
            """
                    .formatted(IMAGE, LOOP);

    final String project = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final Path dir;
    final Path envFile;
    final ContainerProbe probe =
            new ContainerProbe(new DockerApi(DOCKER_HOST, Duration.ofSeconds(5)));
    private final DockerApi api = new DockerApi(DOCKER_HOST, Duration.ofSeconds(5));

    DockerFixture(Path dir) throws Exception {
        ensureImage();
        this.dir = dir;
        this.envFile = dir.resolve(".env");
        Files.writeString(dir.resolve("docker-compose.yml"), COMPOSE_FILE);
        Files.writeString(
                envFile, "# test node\nCOMPOSE_PROFILES=ha-secondary\nHA_ROUTER_IP=127.0.0.12\n");
    }

    ComposeCli compose() {
        return new ComposeCli(dir, project, envFile, Duration.ofSeconds(60));
    }

    static synchronized void ensureImage() throws Exception {
        if (docker("image", "inspect", IMAGE).exitCode() == 0) return;
        String script =
                """
                set -e
                libs=$(ldd /bin/sh /bin/sleep | grep -o '/[^ :]*' | sort -u)
                root=$(mktemp -d)
                trap 'rm -rf "$root"' EXIT
                mkdir -p "$root/bin" "$root/tmp"
                chmod 1777 "$root/tmp"
                cp "$(readlink -f /bin/sh)" "$root/bin/sh"
                cp "$(readlink -f /bin/sleep)" "$root/bin/sleep"
                for l in $libs; do mkdir -p "$root$(dirname "$l")"; cp -L "$l" "$root$l"; done
                tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' - %s
                """
                        .formatted(IMAGE);
        CommandRunner.Outcome o =
                CommandRunner.run(
                        List.of("sh", "-c", script), null, Map.of(), Duration.ofSeconds(60));
        if (o.exitCode() != 0)
            throw new IllegalStateException("could not build " + IMAGE + ": " + o.tail());
    }

    static CommandRunner.Outcome docker(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return CommandRunner.run(cmd, null, Map.of(), Duration.ofSeconds(60));
    }

    ContainerState state(String service) {
        return probe.observe(project).known().orElseThrow().get(service);
    }

    Map<String, ContainerState> states() {
        return probe.observe(project).known().orElseThrow();
    }

    JsonNode inspect(String id) throws IOException {
        return JSON.readTree(api.get("/containers/" + id + "/json"));
    }

    Instant startedAt(String service) {
        return state(service).startedAt();
    }

    /** Removes every container and network of the project, by its label. */
    @Override
    public void close() throws IOException {
        removeProject("label=com.docker.compose.project=" + project);
    }

    /**
     * Leftovers of an earlier run that was killed before it could clean up (only this fixture's own
     * prefix).
     */
    static void removeLeftovers() throws IOException {
        // v1 names containers project_service_1 and v2 project-service-1: the name filter finds
        // only ours.
        CommandRunner.Outcome o =
                docker(
                        "ps",
                        "-a",
                        "--filter",
                        "name=" + PREFIX,
                        "--format",
                        "{{.Label \"com.docker.compose.project\"}}");
        o.lastLines().stream()
                .filter(p -> p.startsWith(PREFIX))
                .distinct()
                .forEach(
                        p -> {
                            try {
                                removeProject("label=com.docker.compose.project=" + p);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
    }

    private static void removeProject(String filter) throws IOException {
        List<String> ids = docker("ps", "-aq", "--filter", filter).lastLines();
        if (!ids.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of("rm", "-f"));
            cmd.addAll(ids);
            docker(cmd.toArray(String[]::new));
        }
        List<String> nets = docker("network", "ls", "-q", "--filter", filter).lastLines();
        for (String n : nets) docker("network", "rm", n);
        assertEquals(
                List.of(), docker("ps", "-aq", "--filter", filter).lastLines(), "project removed");
    }
}
