package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real CLI, in process, fed bad input: a malformed config, a Compose file without a named
 * service, a corrupt .env, a corrupt state.json, an unreachable Docker and a "registry" that
 * answers HTML. Each gives a clear error (file, line or field, fix) and no action: nothing
 * rewritten, no journal line, no container. A corrupt state.json is set aside by the tick, which
 * goes on from a fresh state (status CRITICAL until the operator removes the file).
 *
 * <p>The world: this node 127.0.0.11, peer 127.0.0.12, PostgreSQL on a closed port (its role is
 * UNKNOWN), the routers on a port of this test's choosing (nothing listens there on 127.0.0.12, so
 * the peer's router is unreachable), the peer's check port closed (the peer node is silent). With a
 * running Rule 3 timer in state.json and a good .env that makes a real Rule 3 promote: the controls
 * below show `plan` proposing it, so that "no action" on bad input means the bad input withheld it.
 */
class BadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELF = "127.0.0.11";
    private static final String PEER = "127.0.0.12";
    private static final String OTHER = "127.0.0.13";
    private static final List<String> SERVICES =
            List.of(
                    "router",
                    "gateway",
                    "dataservice",
                    "edge",
                    "bastion",
                    "pgpool",
                    "ui",
                    "haproxy");
    private static final String SECONDARY_ENV =
            """
            # HA state of this node; the watchdog rewrites the two lines below
            COMPOSE_PROFILES=ha-secondary

            HA_ROUTER_IP=%s
            NODE_IP=127.0.0.11
            """;

    @TempDir Path tmp;
    private Path projectDir;
    private Path envFile;
    private Path stateDir;
    private Path stateFile;
    private Path journal;
    private Path config;
    private String project;
    private int routerPort;
    private int peerCheckPort;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void world() throws IOException {
        project = "fwbadinput" + UUID.randomUUID().toString().substring(0, 8);
        projectDir = Files.createDirectory(tmp.resolve(project));
        envFile = projectDir.resolve(".env");
        stateDir = tmp.resolve("state");
        stateFile = stateDir.resolve("state.json");
        journal = stateDir.resolve("journal.jsonl");
        config = tmp.resolve("watchdog.yml");
        routerPort = freePortOn(OTHER, PEER, SELF);
        peerCheckPort = freePortOn(PEER);
        StringBuilder compose = new StringBuilder("services:\n");
        for (String s : SERVICES) {
            compose.append("  ")
                    .append(s)
                    .append(":\n    image: fw-none:absent\n    network_mode: host\n");
            if (s.equals("router")) compose.append("    profiles: [ha-primary]\n");
        }
        Files.writeString(projectDir.resolve("docker-compose.yml"), compose.toString());
        Files.writeString(envFile, SECONDARY_ENV.formatted(PEER));
        Files.writeString(config, config("unix:///var/run/docker.sock", "edge"));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : cleanup) c.close();
    }

    private String config(String dockerHost, String edgeService) {
        return """
                node: {name: node1, ip: %s}
                peer: {name: node2, ip: %s}
                postgres:
                  local: "host=127.0.0.1 port=1 dbname=postgres user=watchdog"
                  pooler: "host=127.0.0.1 port=1 dbname=postgres user=watchdog"
                router:
                  status_url: "http://{ip}:%d/router/rest/status"
                  service_types: {GATEWAY: gateway, DATASERVICE: dataservice, EDGE: %s, BASTION: bastion}
                compose:
                  project_dir: %s
                  project_name: %s
                docker:
                  host: %s
                thresholds:
                  probe_timeout: 500ms
                  router_absent: 5s
                  peer_port: %d
                state_dir: %s
                """
                .formatted(
                        SELF,
                        PEER,
                        routerPort,
                        edgeService,
                        projectDir,
                        project,
                        dockerHost,
                        peerCheckPort,
                        stateDir);
    }

    /** A Rule 3 timer that has run for a minute and was last seen a moment ago. */
    private void timerRunning() throws IOException {
        Instant now = Instant.now();
        Files.createDirectories(stateDir);
        Files.writeString(
                stateFile,
                """
                {"version": 1, "routerAbsentSince": "%s", "routerAbsentLastSeen": "%s", "rule3Promoted": false, "lastRepair": {}}
                """
                        .formatted(now.minusSeconds(60), now.minusSeconds(2)));
    }

    // ---------------------------------------------------------------- controls

    @Test
    void controlTheGoodInputPassesCheckAndWouldPromote() throws Exception {
        Result check = cli("check");
        assertEquals(0, check.code, check.toString());
        timerRunning();
        JsonNode plan = planJson();
        assertEquals("PROMOTE", decided(plan).path("kind").asText(), plan.toPrettyString());
        assertEquals("rule3", decided(plan).path("rule").asText(), plan.toPrettyString());
    }

    // ---------------------------------------------------------------- config

    @Test
    void malformedConfigYamlNamesFileLineAndFix() throws Exception {
        // line 8: a flow mapping closed with the wrong bracket
        Files.writeString(
                config,
                config("unix:///var/run/docker.sock", "edge")
                        .replace("BASTION: bastion}", "BASTION: bastion]"));
        Result check = cli("check");
        assertEquals(2, check.code, check.toString());
        assertTrue(check.err.contains(config + ":"), check.toString());
        assertTrue(
                check.err.matches(
                        "(?s).*" + java.util.regex.Pattern.quote(config.toString()) + ":\\d+: .*"),
                "names the line: " + check);
        assertTrue(check.err.contains("fix:"), check.toString());

        Result tick = cli("tick");
        assertEquals(2, tick.code, tick.toString());
        assertTrue(tick.err.contains("fix:"), tick.toString());
        Result status = cli("status");
        assertEquals(3, status.code, "status says UNKNOWN: " + status);
        assertTrue(
                status.out.startsWith("FAILOVER-WATCHDOG UNKNOWN - " + config + ":"),
                "the monitoring plugin's line names the file: " + status);
        assertFalse(Files.exists(stateDir), "nothing was created");
        assertEnvUntouched();
    }

    @Test
    void aServiceMissingFromTheComposeFileIsNamed() throws Exception {
        Files.writeString(config, config("unix:///var/run/docker.sock", "edgy"));
        Result check = cli("check");
        assertEquals(2, check.code, check.toString());
        assertTrue(
                check.err.contains(
                        "service 'edgy' is not in " + projectDir.resolve("docker-compose.yml")),
                check.toString());
        assertTrue(check.err.contains("fix:"), check.toString());
    }

    /**
     * A conninfo port that is not a number is refused when the config loads, not thrown later
     * inside a probe.
     */
    @Test
    void aConninfoPortThatIsNotANumberIsRefusedUpFront() throws Exception {
        Files.writeString(
                config,
                config("unix:///var/run/docker.sock", "edge")
                        .replace(
                                "host=127.0.0.1 port=1 dbname",
                                "host=127.0.0.1 port=pgpool dbname"));
        for (String cmd : List.of("check", "tick")) {
            Result r = cli(cmd);
            assertEquals(2, r.code, r.toString());
            assertTrue(r.err.contains(config + ":4: postgres.local: "), r.toString());
            assertTrue(r.err.contains("port 'pgpool'"), r.toString());
            assertTrue(r.err.contains("fix:"), r.toString());
        }
        assertFalse(Files.exists(stateDir), "nothing was created");
    }

    // ---------------------------------------------------------------- .env

    @Test
    void aCorruptEnvChangesNothing() throws Exception {
        timerRunning();
        assertEquals(
                "PROMOTE",
                decided(planJson()).path("kind").asText(),
                "control: the good .env would promote");

        String corrupt =
                SECONDARY_ENV
                        .formatted(PEER)
                        .replace("HA_ROUTER_IP=" + PEER, "HA_ROUTER_IP " + PEER);
        Files.writeString(envFile, corrupt);
        byte[] env = Files.readAllBytes(envFile);
        byte[] state = Files.readAllBytes(stateFile);

        Result tick = cli("tick");
        assertEquals(0, tick.code, tick.toString());
        assertTrue(tick.err.contains(envFile + ":4:"), "the tick log names the line: " + tick);
        assertArrayEquals(env, Files.readAllBytes(envFile), ".env unchanged");
        assertArrayEquals(state, Files.readAllBytes(stateFile), "state.json unchanged");
        assertFalse(Files.exists(journal), "no journal line");
        assertNoContainers();

        Result status = cli("status");
        assertTrue(status.code == 2 || status.code == 3, status.toString());
        assertTrue(
                status.out.contains(envFile + ":4: 'HA_ROUTER_IP " + PEER + "' is not KEY=VALUE"),
                status.toString());
        assertTrue(
                status.out.startsWith(
                        "FAILOVER-WATCHDOG " + (status.code == 2 ? "CRITICAL" : "UNKNOWN") + " - "),
                status.toString());
        assertTrue(status.out.contains("fix:"), status.toString());

        Result check = cli("check");
        assertEquals(2, check.code, check.toString());
        assertTrue(check.err.contains(envFile + ":4:"), check.toString());

        JsonNode plan = planJson();
        assertTrue(decided(plan).isMissingNode(), plan.toPrettyString());
        assertArrayEquals(env, Files.readAllBytes(envFile), ".env still unchanged");
    }

    @Test
    void aMissingEnvChangesNothing() throws Exception {
        timerRunning();
        Files.delete(envFile);
        byte[] state = Files.readAllBytes(stateFile);
        Result tick = cli("tick");
        assertEquals(0, tick.code, tick.toString());
        assertFalse(Files.exists(envFile), "the tick does not invent a .env");
        assertArrayEquals(state, Files.readAllBytes(stateFile));
        assertFalse(Files.exists(journal));
        Result status = cli("status");
        assertTrue(status.out.contains("fix: compose.env_file"), status.toString());
    }

    // ---------------------------------------------------------------- state.json

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON            | '{\"version\": 1, \"routerAbsentSince\": '                                   | not JSON (line",
                "bad time            | '{\"version\": 1, \"routerAbsentSince\": \"yesterday\", \"routerAbsentLastSeen\": \"NOW\"}' | routerAbsentSince is not an ISO-8601 time: 'yesterday'",
                "wrong version       | '{\"version\": 2, \"routerAbsentSince\": \"SINCE\", \"routerAbsentLastSeen\": \"NOW\"}' | field version is not 1",
                "rule3Promoted       | '{\"version\": 1, \"routerAbsentSince\": \"SINCE\", \"routerAbsentLastSeen\": \"NOW\", \"rule3Promoted\": \"no\"}' | rule3Promoted is not true/false",
                "pending w/o rule    | '{\"version\": 1, \"routerAbsentSince\": \"SINCE\", \"routerAbsentLastSeen\": \"NOW\", \"pending\": {\"kind\": \"PROMOTE\"}}' | pending.rule is missing",
                "lastRepair null     | '{\"version\": 1, \"routerAbsentSince\": \"SINCE\", \"routerAbsentLastSeen\": \"NOW\", \"lastRepair\": {\"edge\": null}}' | lastRepair.edge",
                "paused not object   | '{\"version\": 1, \"routerAbsentSince\": \"SINCE\", \"routerAbsentLastSeen\": \"NOW\", \"paused\": \"yes\"}' | paused is not an object",
                "lastRepair list     | '{\"version\": 1, \"routerAbsentSince\": \"SINCE\", \"routerAbsentLastSeen\": \"NOW\", \"lastRepair\": [1]}' | lastRepair is not an object"
            })
    void aCorruptStateFileIsSetAsideAndTheTickGoesOnFromAFreshState(
            String name, String content, String expected) throws Exception {
        Instant now = Instant.now();
        String text =
                content.replace("SINCE", now.minusSeconds(60).toString())
                                .replace("NOW", now.minusSeconds(2).toString())
                        + "\n";
        Files.createDirectories(stateDir);
        Files.writeString(stateFile, text);
        byte[] env = Files.readAllBytes(envFile);

        // Before a tick has set it aside, the commands that read it say what is wrong and change
        // nothing.
        Result status = cli("status");
        assertEquals(3, status.code, status.toString());
        assertTrue(status.err.contains(expected), status.toString());
        assertTrue(
                status.out.startsWith("FAILOVER-WATCHDOG UNKNOWN - " + stateFile + ": "),
                "the plugin's line names the file: " + status);
        Result plan = cli("plan");
        assertEquals(2, plan.code, plan.toString());
        assertTrue(plan.err.contains(expected), plan.toString());
        for (String cmd : List.of("pause", "resume")) {
            Result r = cli(cmd);
            assertEquals(2, r.code, r.toString());
            assertTrue(
                    r.err.startsWith("failover-watchdog: " + stateFile + ": "),
                    "a clear error, not a stack trace: " + r);
            assertTrue(r.err.contains(expected), r.toString());
            assertEquals(text, Files.readString(stateFile), cmd + " does not overwrite it");
        }

        // The tick sets it aside, names it and the problem, and supervision goes on (no exit 2
        // every 10 s).
        Result tick = cli("tick");
        assertEquals(0, tick.code, tick.toString());
        Path aside;
        try (var files = Files.list(stateDir)) {
            aside =
                    files.filter(f -> f.getFileName().toString().startsWith("state.json.corrupt-"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(tick));
        }
        assertEquals(text, Files.readString(aside), "kept as it was, for the operator");
        assertTrue(tick.err.contains(stateFile + ": " + expected), tick.toString());
        assertTrue(tick.err.contains("set aside as " + aside), tick.toString());
        assertTrue(tick.err.contains("(fix: "), tick.toString());
        assertFalse(tick.err.contains("Exception"), "a clear error, not a stack trace: " + tick);
        assertArrayEquals(env, Files.readAllBytes(envFile));
        assertFalse(Files.exists(journal));
        assertNoContainers();

        // A fresh state: the corrupt file's Rule 3 timer is not trusted; Rule 3 waits router_absent
        // anew.
        JsonNode fresh = planJson();
        assertTrue(decided(fresh).isMissingNode(), fresh.toPrettyString());
        Result critical = cli("status");
        assertEquals(2, critical.code, critical.toString());
        assertTrue(critical.out.contains("set aside as " + aside), critical.toString());
        Files.delete(aside); // the operator read it: the acknowledgement
        assertFalse(cli("status").out.contains("set aside"), "no longer CRITICAL for it");
    }

    // ---------------------------------------------------------------- Docker

    @Test
    void anUnreachableDockerIsUnknownAndTheTickCreatesNothing() throws Exception {
        Files.writeString(config, config("unix:///nonexistent.sock", "edge"));
        Files.writeString(
                envFile, SECONDARY_ENV.formatted(SELF).replace("ha-secondary", "ha-primary"));
        byte[] env = Files.readAllBytes(envFile);

        Result status = cli("status", "--json");
        JsonNode s = JSON.readTree(status.out);
        assertEquals("UNKNOWN", s.path("router").path("local").asText(), status.toString());
        assertTrue(status.code == 2 || status.code == 3, status.toString());

        Result tick = cli("tick");
        assertEquals(0, tick.code, tick.toString());
        assertArrayEquals(env, Files.readAllBytes(envFile));
        assertFalse(Files.exists(journal));
        assertFalse(Files.exists(stateFile), "nothing to remember: " + tick);
        assertNoContainers();
    }

    // ---------------------------------------------------------------- registry

    @Test
    void aRegistryAnsweringHtmlIsUnknownAndWithholdsRule3() throws Exception {
        Files.writeString(envFile, SECONDARY_ENV.formatted(OTHER));
        timerRunning();
        JsonNode control = planJson();
        assertEquals(
                "PROMOTE",
                decided(control).path("kind").asText(),
                "control: an unreachable router would promote: " + control.toPrettyString());

        HttpServer html = HttpServer.create(new InetSocketAddress(OTHER, routerPort), 0);
        html.createContext(
                "/",
                ex -> {
                    byte[] b =
                            "<!DOCTYPE html><html><body><h1>Captive portal</h1></body></html>"
                                    .getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/html");
                    ex.sendResponseHeaders(200, b.length);
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(b);
                    }
                });
        html.start();
        cleanup.add(() -> html.stop(0));
        byte[] env = Files.readAllBytes(envFile);
        byte[] state = Files.readAllBytes(stateFile);

        Result status = cli("status", "--json");
        JsonNode s = JSON.readTree(status.out);
        JsonNode active = s.path("router").path("active");
        assertEquals("UNKNOWN", active.path("state").asText(), status.toString());
        assertTrue(active.path("reason").asText().contains("not its registry"), status.toString());
        assertTrue(active.path("reason").asText().contains("<!DOCTYPE html>"), status.toString());

        JsonNode plan = planJson();
        assertTrue(decided(plan).isMissingNode(), plan.toPrettyString());
        Result tick = cli("tick");
        assertEquals(0, tick.code, tick.toString());
        assertFalse(Files.exists(journal), "no plan, no journal line: " + tick);
        assertArrayEquals(env, Files.readAllBytes(envFile));
        assertArrayEquals(
                state,
                Files.readAllBytes(stateFile),
                "the Rule 3 timer is neither reset nor advanced");
        assertNoContainers();
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode planJson() throws IOException {
        Result r = cli("plan", "--json");
        assertEquals(0, r.code, r.toString());
        return JSON.readTree(r.out);
    }

    private void assertEnvUntouched() throws IOException {
        assertEquals(SECONDARY_ENV.formatted(PEER), Files.readString(envFile));
    }

    /**
     * No container of this Compose project exists (checked with the docker CLI when an engine
     * answers).
     */
    private void assertNoContainers() throws Exception {
        Optional<String> ps =
                docker("ps", "-a", "-q", "--filter", "label=com.docker.compose.project=" + project);
        ps.ifPresent(ids -> assertEquals("", ids.strip(), "containers of " + project));
    }

    private static Optional<String> docker(String... args) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        try {
            Process p =
                    new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no docker CLI
        }
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the real command line in this JVM with System.out/err captured. */
    private Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            code = Main.commandLine().execute(all.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        Result r =
                new Result(
                        code,
                        out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
        oldOut.println("watchdog " + String.join(" ", args) + " -> " + r);
        return r;
    }

    /**
     * A port that nothing listens on at any of these loopback addresses (bound on the first, then
     * closed).
     */
    private static int freePortOn(String first, String... others) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(first))) {
                port = s.getLocalPort();
            }
            boolean free = true;
            for (String ip : others) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(ip, port), 500);
                    free = false;
                } catch (ConnectException refused) {
                    // nothing there: good
                }
            }
            if (free) return port;
        }
        throw new IllegalStateException("no port free on " + first + " and " + List.of(others));
    }

    /**
     * What the rules decided: the plan, or the plan a pause withholds (this world's database is
     * down, so the pair's pause cannot be read and every plan but the fence is withheld).
     */
    private static JsonNode decided(JsonNode planJson) {
        return planJson.path("plan").isMissingNode()
                ? planJson.path("withheld")
                : planJson.path("plan");
    }
}
