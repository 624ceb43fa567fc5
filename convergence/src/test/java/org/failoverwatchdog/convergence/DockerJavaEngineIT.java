package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.failoverwatchdog.probes.ContainerState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerJavaEngineIT {
    @TempDir Path dir;
    private DockerFixture fx;
    private DockerJavaEngine engine;

    @BeforeEach
    void project() throws Exception {
        fx = new DockerFixture(dir);
        engine = new DockerJavaEngine(DockerFixture.DOCKER_HOST, Duration.ofSeconds(10));
    }

    @AfterEach
    void cleanup() throws Exception {
        engine.close();
        fx.close();
    }

    @Test
    void restartRestartsTheServicesContainerInPlace() throws Exception {
        fx.compose().up(List.of("plain"), false);
        ContainerState before = fx.state("plain");
        Thread.sleep(1100); // StartedAt must be able to differ
        engine.restart(fx.project, "plain", Duration.ofSeconds(2));
        ContainerState after = fx.state("plain");
        assertEquals(before.id(), after.id(), "the same container, restarted");
        assertTrue(after.running());
        assertTrue(
                after.startedAt().isAfter(before.startedAt()),
                before.startedAt() + " -> " + after.startedAt());
        assertTrue(after.startedAt().isBefore(Instant.now().plusSeconds(1)));
    }

    @Test
    void aServiceWithoutAContainerIsAnError() {
        ActionException e =
                assertThrows(
                        ActionException.class,
                        () -> engine.restart(fx.project, "plain", Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("no container of service plain"), e.getMessage());
    }
}
