package org.failoverwatchdog.watchdog.cli;

import static org.failoverwatchdog.watchdog.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.failoverwatchdog.watchdog.testing.WatchdogYml;
import org.failoverwatchdog.watchdog.tick.HoldTickLock;
import org.failoverwatchdog.watchdog.tick.TickLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `failover-watchdog env apply`: the deployment's keys into the .env under the tick lock, the
 * watchdog's HA state untouched, a first install included.
 */
class EnvApplyTest {
    private static final String DESIRED =
            "# the stack on node1\nNODE_IP=10.0.0.11\nPEER_IP=10.0.0.12\nJAVA_OPTS=-Xmx128m -XX:+UseSerialGC\n";

    @TempDir Path tmp;
    private Path config, stack, env, stateDir, desired;

    @BeforeEach
    void node() throws Exception {
        stack = Files.createDirectory(tmp.resolve("stack"));
        env = stack.resolve(".env");
        stateDir = tmp.resolve("state"); // not there yet: a first install
        config = tmp.resolve("watchdog.yml");
        Files.writeString(
                config,
                WatchdogYml.node1().projectDir(stack).text() + "state_dir: " + stateDir + "\n");
        desired = tmp.resolve("desired.env");
        Files.writeString(desired, DESIRED);
    }

    private CliTest.Run apply(String... more) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of("env", "apply", "--config", config.toString(), "--json"));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    private static final String[] INITIAL = {
        "--initial", "COMPOSE_PROFILES=ha-primary", "--initial", "HA_ROUTER_IP=10.0.0.11"
    };

    private CliTest.Run applyDesired() {
        List<String> a = new java.util.ArrayList<>(List.of("--from", desired.toString()));
        a.addAll(List.of(INITIAL));
        return apply(a.toArray(String[]::new));
    }

    @Test
    void aFirstInstallCreatesTheEnvWithTheInitialHaStateAndTheStateDirectory() throws Exception {
        CliTest.Run r = applyDesired();
        assertEquals(0, r.code(), r.toString());
        JsonNode j = r.json();
        assertTrue(j.path("changed").asBoolean(), j.toString());
        assertTrue(j.path("created").asBoolean(), j.toString());
        assertEquals(
                "[\"NODE_IP\",\"PEER_IP\",\"JAVA_OPTS\",\"COMPOSE_PROFILES\",\"HA_ROUTER_IP\"]",
                j.path("keys").toString());
        assertEquals(
                DESIRED + "COMPOSE_PROFILES=ha-primary\nHA_ROUTER_IP=10.0.0.11\n",
                Files.readString(env));
        assertEquals(
                "rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        assertEquals(
                "rwxr-x---",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir)),
                "the state directory as the units' StateDirectoryMode makes it");
        assertFalse(r.out().contains("-Xmx128m"), "values never reach the output: " + r);
    }

    @Test
    void aSecondRunChangesNothingAndWritesNothing() throws Exception {
        assertEquals(0, applyDesired().code());
        Object inode = Files.readAttributes(env, BasicFileAttributes.class).fileKey();
        CliTest.Run again = applyDesired();
        assertEquals(0, again.code(), again.toString());
        assertFalse(again.json().path("changed").asBoolean(), again.toString());
        assertEquals("[]", again.json().path("keys").toString());
        assertEquals(
                inode,
                Files.readAttributes(env, BasicFileAttributes.class).fileKey(),
                "not rewritten");
        CliTest.Run text =
                cli("env", "apply", "--config", config.toString(), "--from", desired.toString());
        assertEquals("unchanged " + env + "\n", text.out(), text.toString());
    }

    @Test
    void thePromotedHaStateIsKeptWhileTheOtherKeysChange() throws Exception {
        Files.writeString(
                env,
                "# as the watchdog left it after a promote\nCOMPOSE_PROFILES=ha-secondary\nHA_ROUTER_IP=10.0.0.12\nNODE_IP=10.0.0.11\nOWN=1\n");
        CliTest.Run r = applyDesired();
        assertEquals(0, r.code(), r.toString());
        assertEquals("[\"PEER_IP\",\"JAVA_OPTS\"]", r.json().path("keys").toString());
        assertFalse(r.json().path("created").asBoolean());
        assertEquals(
                "# as the watchdog left it after a promote\nCOMPOSE_PROFILES=ha-secondary\nHA_ROUTER_IP=10.0.0.12\nNODE_IP=10.0.0.11\nOWN=1\n"
                        + "PEER_IP=10.0.0.12\nJAVA_OPTS=-Xmx128m -XX:+UseSerialGC\n",
                Files.readString(env),
                "the initial values apply to a .env without HA state only");
        CliTest.Run text =
                cli(
                        "env",
                        "apply",
                        "--config",
                        config.toString(),
                        "--from",
                        desired.toString(),
                        "--dry-run");
        assertEquals("unchanged " + env + "\n", text.out(), text.toString());
    }

    @Test
    void theWatchdogsKeysAreRefusedAndNothingIsWritten() throws Exception {
        Files.writeString(desired, DESIRED + "HA_ROUTER_IP=10.0.0.12\n");
        CliTest.Run r = applyDesired();
        assertEquals(2, r.code(), r.toString());
        assertTrue(
                r.err().contains(desired + ":5: HA_ROUTER_IP is the watchdog's HA state"),
                r.toString());
        assertFalse(Files.exists(env));

        Files.writeString(desired, DESIRED);
        CliTest.Run other = apply("--from", desired.toString(), "--initial", "NODE_IP=10.0.0.11");
        assertEquals(2, other.code(), other.toString());
        assertTrue(
                other.err()
                        .contains(
                                "--initial NODE_IP: only COMPOSE_PROFILES and HA_ROUTER_IP are given this way (fix: put NODE_IP in the --from file)"),
                other.toString());
        CliTest.Run stranger =
                apply(
                        "--from",
                        desired.toString(),
                        "--initial",
                        "COMPOSE_PROFILES=ha-primary",
                        "--initial",
                        "HA_ROUTER_IP=10.9.9.9");
        assertEquals(2, stranger.code(), stranger.toString());
        assertTrue(
                stranger.err()
                        .contains(
                                "--initial HA_ROUTER_IP=10.9.9.9 is not one of [10.0.0.11, 10.0.0.12]"),
                stranger.toString());
        CliTest.Run none = apply("--from", desired.toString());
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.err().contains("is new and has no COMPOSE_PROFILES"), none.toString());
        Files.writeString(desired, "not an assignment\n");
        CliTest.Run bad = applyDesired();
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains(desired + ":1: "), bad.toString());
        assertFalse(Files.exists(env), "nothing was written by any of them");
    }

    @Test
    void dryRunAndStdin() throws Exception {
        CliTest.Run dry =
                cli(
                        "env",
                        "apply",
                        "--config",
                        config.toString(),
                        "--from",
                        desired.toString(),
                        "--dry-run",
                        INITIAL[0],
                        INITIAL[1],
                        INITIAL[2],
                        INITIAL[3]);
        assertEquals(0, dry.code(), dry.toString());
        assertEquals(
                "would create "
                        + env
                        + ": NODE_IP, PEER_IP, JAVA_OPTS, COMPOSE_PROFILES, HA_ROUTER_IP\n",
                dry.out());
        assertFalse(Files.exists(env));
        assertFalse(Files.exists(stateDir), "a dry run takes no lock");

        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        EnvCmd.Apply cmd =
                (EnvCmd.Apply)
                        cl.getSubcommands().get("env").getSubcommands().get("apply").getCommand();
        cmd.stdin = new ByteArrayInputStream(DESIRED.getBytes(StandardCharsets.UTF_8));
        int code =
                cl.execute(
                        "env",
                        "apply",
                        "--config",
                        config.toString(),
                        "--from",
                        "-",
                        INITIAL[0],
                        INITIAL[1],
                        INITIAL[2],
                        INITIAL[3]);
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().startsWith("created " + env + ": NODE_IP"), out.toString());
        assertTrue(Files.readString(env).startsWith(DESIRED));
    }

    @Test
    void itWaitsForATickOfThisProcessAndGivesUpAtItsDeadline() throws Exception {
        Optional<TickLock> tick = TickLock.tryAcquire(stateDir);
        assertTrue(tick.isPresent());
        // --wait 1: a tick that keeps the lock wins, and nothing is written
        CliTest.Run gaveUp =
                apply(
                        "--from",
                        desired.toString(),
                        "--wait",
                        "1",
                        INITIAL[0],
                        INITIAL[1],
                        INITIAL[2],
                        INITIAL[3]);
        assertEquals(1, gaveUp.code(), gaveUp.toString());
        assertTrue(gaveUp.err().contains("a tick still holds " + stateDir.resolve("tick.lock")));
        assertFalse(Files.exists(env));
        CompletableFuture<CliTest.Run> waiting =
                CompletableFuture.supplyAsync(
                        () ->
                                apply(
                                        "--from",
                                        desired.toString(),
                                        "--wait",
                                        "30",
                                        INITIAL[0],
                                        INITIAL[1],
                                        INITIAL[2],
                                        INITIAL[3]));
        Thread.sleep(700);
        assertFalse(waiting.isDone(), "it waits while the tick holds the lock");
        assertFalse(Files.exists(env));
        tick.get().close();
        CliTest.Run done = waiting.get(30, TimeUnit.SECONDS);
        assertEquals(0, done.code(), done.toString());
        assertTrue(Files.exists(env));
    }

    @Test
    void itWaitsForATickOfAnotherProcess() throws Exception {
        Process holder =
                new ProcessBuilder(
                                ProcessHandle.current().info().command().orElse("java"),
                                "-cp",
                                System.getProperty("java.class.path"),
                                HoldTickLock.class.getName(),
                                stateDir.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        try {
            BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("held", r.readLine());
            CliTest.Run gaveUp =
                    apply(
                            "--from",
                            desired.toString(),
                            "--wait",
                            "1",
                            INITIAL[0],
                            INITIAL[1],
                            INITIAL[2],
                            INITIAL[3]);
            assertEquals(1, gaveUp.code(), gaveUp.toString());
            assertFalse(Files.exists(env));
            CompletableFuture<CliTest.Run> waiting =
                    CompletableFuture.supplyAsync(
                            () ->
                                    apply(
                                            "--from",
                                            desired.toString(),
                                            "--wait",
                                            "30",
                                            INITIAL[0],
                                            INITIAL[1],
                                            INITIAL[2],
                                            INITIAL[3]));
            Thread.sleep(700);
            assertFalse(waiting.isDone(), "it waits while the other process holds the lock");
            holder.getOutputStream().close(); // the holder lets go
            CliTest.Run done = waiting.get(30, TimeUnit.SECONDS);
            assertEquals(0, done.code(), done.toString());
            assertTrue(done.json().path("created").asBoolean());
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
