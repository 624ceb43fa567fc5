package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command lines and flavor detection, with a stand-in docker CLI that records its arguments. */
class ComposeCliTest {
    @TempDir Path dir;

    /**
     * A stand-in CLI: logs its arguments to calls.log, answers `compose version` with the given
     * code.
     */
    private Path fakeCli(String name, int versionExit, int exit) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(
                p,
                "#!/bin/sh\n"
                        + "echo \"$*\" >> '"
                        + dir.resolve("calls.log")
                        + "'\n"
                        + "echo \"HA_ROUTER_IP=${HA_ROUTER_IP:-unset}\" >> '"
                        + dir.resolve("env.log")
                        + "'\n"
                        + "if [ \"$1\" = compose ] && [ \"$2\" = version ]; then exit "
                        + versionExit
                        + "; fi\n"
                        + "echo some progress; echo 'ERROR: the last words' >&2\n"
                        + "exit "
                        + exit
                        + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private List<String> calls() throws Exception {
        return Files.readAllLines(dir.resolve("calls.log"));
    }

    private ComposeCli cli(Path docker, Path v1) throws Exception {
        Path env = dir.resolve(".env");
        Files.writeString(env, "COMPOSE_PROFILES=ha-primary\nHA_ROUTER_IP=10.0.0.1\n");
        return new ComposeCli(
                dir, "stack", env, Duration.ofSeconds(10), null, docker.toString(), v1.toString());
    }

    @Test
    void usesComposeV2WhenTheDockerCliHasIt() throws Exception {
        ComposeCli cli = cli(fakeCli("docker", 0, 0), dir.resolve("no-docker-compose"));
        cli.up(List.of("pgpool"), true);
        cli.remove(List.of("router"));
        assertEquals(ComposeCli.Flavor.V2, cli.flavor());
        String g = "-p stack --project-directory " + dir + " --env-file " + dir.resolve(".env");
        assertEquals(
                List.of(
                        "compose version",
                        "compose " + g + " up -d --no-deps --force-recreate -- pgpool",
                        "compose " + g + " stop -- router",
                        "compose " + g + " rm -f -- router"),
                calls());
    }

    @Test
    void fallsBackToComposeV1() throws Exception {
        ComposeCli cli = cli(fakeCli("docker", 1, 0), fakeCli("docker-compose", 0, 0));
        cli.up(List.of("edge", "ui"), false);
        cli.remove(List.of("router"));
        assertEquals(ComposeCli.Flavor.V1, cli.flavor());
        String g = "-p stack --project-directory " + dir + " --env-file " + dir.resolve(".env");
        assertEquals(
                List.of(
                        "compose version",
                        g + " up -d --no-deps -- edge ui",
                        g + " rm -s -f -- router"),
                calls());
    }

    @Test
    void theEnvFileNotTheCallersEnvironmentDecidesTheValues() throws Exception {
        // The watchdog's own environment must not override the .env: the child does not inherit its
        // keys.
        ComposeCli cli = cli(fakeCli("docker", 1, 0), fakeCli("docker-compose", 0, 0));
        cli.up(List.of("edge"), false);
        assertEquals(
                List.of("HA_ROUTER_IP=unset", "HA_ROUTER_IP=unset"),
                Files.readAllLines(dir.resolve("env.log")));
    }

    @Test
    void aNonZeroExitIsAnActionExceptionWithTheLastLines() throws Exception {
        ComposeCli cli = cli(fakeCli("docker", 1, 0), fakeCli("docker-compose", 0, 3));
        ActionException e =
                assertThrows(ActionException.class, () -> cli.up(List.of("edge"), false));
        assertTrue(e.getMessage().contains("exited 3"), e.getMessage());
        assertTrue(e.getMessage().contains("ERROR: the last words"), e.getMessage());
    }

    @Test
    void aServiceNameCannotBeAnOption() throws Exception {
        ComposeCli cli = cli(fakeCli("docker", 1, 0), fakeCli("docker-compose", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> cli.up(List.of("--build"), false));
    }

    @Test
    void aCommandPastItsTimeoutIsKilled() throws Exception {
        long t0 = System.nanoTime();
        CommandRunner.Outcome o =
                CommandRunner.run(
                        List.of("sh", "-c", "echo started; sleep 30"),
                        dir,
                        Map.of(),
                        Duration.ofMillis(300));
        assertTrue(o.timedOut());
        assertEquals("started", o.lastLines().get(0));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "killed, not waited for");
    }

    @Test
    void keepsOnlyTheLastLines() throws Exception {
        CommandRunner.Outcome o =
                CommandRunner.run(
                        List.of("sh", "-c", "for i in $(seq 1 40); do echo line$i; done; exit 2"),
                        dir,
                        Map.of(),
                        Duration.ofSeconds(10));
        assertEquals(2, o.exitCode());
        assertEquals(CommandRunner.KEPT_LINES, o.lastLines().size());
        assertEquals("line40", o.lastLines().get(CommandRunner.KEPT_LINES - 1));
    }
}
