package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.probes.ContainerState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Compose CLI on the real engine (v1 on these machines; v2 where `docker compose` exists). */
class ComposeCliIT {
    @TempDir Path dir;
    private DockerFixture fx;
    private ComposeCli compose;

    @BeforeAll
    static void leftovers() throws Exception {
        DockerFixture.removeLeftovers();
    }

    @BeforeEach
    void project() throws Exception {
        fx = new DockerFixture(dir);
        compose = fx.compose();
    }

    @AfterEach
    void cleanup() throws Exception {
        fx.close();
    }

    @Test
    void upStartsOnceThenLeavesItAloneAndForceRecreateReplacesIt() throws Exception {
        compose.up(List.of("plain"), false);
        ContainerState first = fx.state("plain");
        assertTrue(first.running(), first.describe());

        compose.up(List.of("plain"), false);
        ContainerState again = fx.state("plain");
        assertEquals(first.id(), again.id(), "an unchanged service is left as it is");
        assertEquals(first.startedAt(), again.startedAt());

        compose.up(List.of("plain"), true);
        ContainerState recreated = fx.state("plain");
        assertNotEquals(first.id(), recreated.id(), "--force-recreate makes a new container");
        assertTrue(recreated.running());
        assertEquals(1, fx.states().size(), "--no-deps: nothing else was started");
    }

    @Test
    void aChangedEnvValueRecreatesTheServiceWithTheNewValue() throws Exception {
        compose.up(List.of("plain"), false);
        String before = fx.state("plain").id();
        assertTrue(new EnvFileWriter(fx.envFile).apply(Map.of("HA_ROUTER_IP", "127.0.0.11")));
        compose.up(List.of("plain"), false);
        ContainerState after = fx.state("plain");
        assertNotEquals(
                before, after.id(), "compose recreated it because its configuration changed");
        String env = fx.inspect(after.id()).path("Config").path("Env").toString();
        assertTrue(env.contains("HA_ROUTER_IP=127.0.0.11"), env);
    }

    @Test
    void removeStopsAndRemovesAServiceOfAnInactiveProfileAndIsIdempotent() throws Exception {
        // COMPOSE_PROFILES=ha-secondary, yet naming the router starts it (docs/LAB.md): a demoted
        // node must remove it.
        compose.up(List.of("router", "plain"), false);
        assertTrue(fx.state("router").running());
        compose.remove(List.of("router"));
        assertNull(fx.state("router"));
        assertTrue(fx.state("plain").running(), "only the named service was removed");
        compose.remove(List.of("router")); // nothing left to remove: still success
    }

    @Test
    void aFailingCommandSaysWhyWithItsLastLines() {
        ActionException e =
                assertThrows(
                        ActionException.class, () -> compose.up(List.of("nosuchservice"), false));
        assertTrue(e.getMessage().contains("exited 1"), e.getMessage());
        assertTrue(e.getMessage().contains("nosuchservice"), e.getMessage());
    }
}
