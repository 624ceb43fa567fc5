package org.failoverwatchdog.watchdog.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The watchdog against real parts: a PostgreSQL primary (127.0.0.11) and streaming standby
 * (127.0.0.12) from testbed/testenv/pg-cluster.sh, a real pgpool per node, a real Docker engine
 * running the reference stack as two Compose projects (one per loopback "node"), and the real CLI.
 * The tests run in order: each leaves the world the next one starts from.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeWatchdogIT {
    static final String A = "127.0.0.11";
    static final String B = "127.0.0.12";
    static final List<String> TYPES = List.of("GATEWAY", "DATASERVICE", "EDGE", "BASTION");
    static final List<String> APP = List.of("gateway", "dataservice", "edge", "bastion");
    static StackNode a;
    static StackNode b;
    static boolean startedCluster;
    static Path root;

    @RegisterExtension
    static final TestWatcher DIAGNOSE =
            new TestWatcher() {
                @Override
                public void testFailed(ExtensionContext context, Throwable cause) {
                    System.out.println("DIAG " + context.getDisplayName() + " failed: " + cause);
                    for (StackNode n : new StackNode[] {a, b}) {
                        if (n != null) System.out.print(n.diagnosis());
                    }
                }
            };

    @BeforeAll
    static void world() throws Exception {
        Path cluster = StackNode.REPO.resolve("testbed/testenv/pg-cluster.sh");
        if (Sh.run(List.of(cluster.toString(), "status")).exit() != 0) {
            Sh.run(List.of(cluster.toString(), "down"));
            Sh.run(null, Map.of(), 600, List.of(cluster.toString(), "up")).ok();
            startedCluster = true;
        }
        for (String image : List.of("fw-app:latest", "fw-pgpool:latest", "fw-haproxy:latest")) {
            assertEquals(
                    0,
                    Sh.run(List.of("docker", "image", "inspect", image)).exit(),
                    image + " is missing: run testbed/images/build.sh first");
        }
        Path testenv = Path.of(System.getenv().getOrDefault("FW_TESTENV_DIR", "/tmp/fw-testenv"));
        Path passfile = testenv.resolve("pgpass");
        // PGPOOL_BACKENDS, DB_PASSFILE, PGPOOL_PASSWORD_FILE of the test cluster
        Map<String, String> common = new java.util.HashMap<>();
        org.failoverwatchdog.probes.EnvFile.read(testenv.resolve("testenv.env"))
                .lines()
                .forEach(
                        l -> {
                            if (l.key() != null) common.put(l.key(), l.value());
                        });
        common.putAll(Map.of("PGPOOL_PORT", "19999", "PCP_PORT", "19898"));
        root = Files.createTempDirectory("fw-it");
        // Node A: its database is the primary, but its app layer still says secondary (Rule 1 must
        // promote).
        // Its pgpool starts late, so the promote's pooler gate has to wait.
        a =
                new StackNode(
                        "nodea",
                        A,
                        "nodeb",
                        B,
                        root,
                        passfile,
                        with(
                                common,
                                Map.of(
                                        "COMPOSE_PROFILES",
                                        "ha-secondary",
                                        "HA_ROUTER_IP",
                                        B,
                                        "NODE_IP",
                                        A,
                                        "BIND_IP",
                                        A,
                                        "PEER_IP",
                                        B,
                                        "PGPOOL_START_DELAY_S",
                                        "6")));
        // Node B: its database is a standby, but its app layer runs as primary with its own router
        // (Rule 1 must demote).
        b =
                new StackNode(
                        "nodeb",
                        B,
                        "nodea",
                        A,
                        root,
                        passfile,
                        with(
                                common,
                                Map.of(
                                        "COMPOSE_PROFILES",
                                        "ha-primary",
                                        "HA_ROUTER_IP",
                                        B,
                                        "NODE_IP",
                                        B,
                                        "BIND_IP",
                                        B,
                                        "PEER_IP",
                                        A,
                                        "PGPOOL_START_DELAY_S",
                                        "0")));
        // pgpool first, as any operator must: a dataservice started before pgpool serves never
        // recovers.
        b.compose("up", "-d", "pgpool").ok();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () ->
                                Sh.run(
                                                List.of(
                                                        "docker",
                                                        "inspect",
                                                        "-f",
                                                        "{{.State.Health.Status}}",
                                                        b.containerId("pgpool")))
                                        .out()
                                        .strip()
                                        .equals("healthy"));
        b.compose("up", "-d").ok();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            Map<String, String> r = StackNode.registry(B);
                            return r != null
                                    && TYPES.stream()
                                            .allMatch(
                                                    t ->
                                                            "MASTER/ACTIVE"
                                                                    .equals(r.get(t + "@" + B)));
                        });
    }

    private static Map<String, String> with(Map<String, String> common, Map<String, String> own) {
        Map<String, String> m = new java.util.LinkedHashMap<>(common);
        m.putAll(own);
        return m;
    }

    @AfterAll
    static void cleanUp() {
        for (StackNode n : new StackNode[] {a, b}) {
            if (n != null) n.compose("down", "-v", "--remove-orphans");
        }
        if (startedCluster)
            Sh.run(
                    List.of(
                            StackNode.REPO.resolve("testbed/testenv/pg-cluster.sh").toString(),
                            "down"));
    }

    @Test
    @Order(1)
    void rule1PromoteConvergesInTheReferenceOrderAndTheGatesReallyWait() throws Exception {
        JsonNode t = a.tickUntilTransition(Duration.ofMinutes(2));
        Instant before = Instant.parse(t.get("time").asText());
        assertEquals("PROMOTE", t.get("kind").asText());
        assertEquals("rule1", t.get("rule").asText());
        assertTrue(t.get("succeeded").asBoolean(), t.toString());
        List<String> steps = new ArrayList<>();
        t.get("steps")
                .forEach(s -> steps.add(s.get("step").asText().replaceAll(" within \\d+ ms", "")));
        assertEquals(
                List.of(
                        "set {COMPOSE_PROFILES=ha-primary, HA_ROUTER_IP=127.0.0.11}",
                        "start router gateway bastion edge",
                        "gate pooler answers SELECT 1",
                        "start dataservice",
                        "gate router 127.0.0.11 answers",
                        "gate EDGE@127.0.0.11 ACTIVE in router 127.0.0.11",
                        "start ui haproxy"),
                steps);
        JsonNode poolerGate = t.get("steps").get(2);
        assertEquals("GATE_PASSED", poolerGate.get("outcome").asText());
        // No pgpool ran on this node: the first look missed, the remedy created it, and the gate
        // waited for its late start.
        assertTrue(
                poolerGate.get("detail").asText().contains("remedy recreate pgpool DONE"),
                poolerGate.toString());
        assertTrue(
                poolerGate.get("ms").asLong() >= 3000,
                "pgpool starts 6 s late: the gate must have waited, took " + poolerGate);

        // dataservice's pool is broken for good if pgpool was not serving when it started: healthy
        // proves the order.
        Instant poolerReady = before.plusMillis(sumMs(t, 3));
        assertTrue(
                a.startedAt("dataservice").isAfter(poolerReady.minusSeconds(1)),
                "dataservice started after the pooler gate passed");
        await().atMost(Duration.ofSeconds(120))
                .until(() -> StackNode.httpStatus("http://" + A + ":8082/health") == 200);
        Map<String, String> reg = StackNode.registryAnswer(A);
        for (String type : TYPES)
            assertEquals("MASTER/ACTIVE", reg.get(type + "@" + A), reg.toString());
        assertEquals("ha-primary", a.env().get("COMPOSE_PROFILES"));
        assertEquals(A, a.env().get("HA_ROUTER_IP"));
        assertTrue(
                Files.readString(a.dir.resolve(".env")).startsWith("# test node nodea\n"),
                "comments are kept");
        System.out.println(
                "FIGURE promote convergence end to end: "
                        + t.get("totalMs").asLong()
                        + " ms (pooler gate "
                        + poolerGate.get("ms").asLong()
                        + " ms, pgpool start delayed 6 s)");
    }

    /** Total duration of the first n steps. */
    private static long sumMs(JsonNode t, int n) {
        long s = 0;
        for (int i = 0; i < n; i++) s += t.get("steps").get(i).get("ms").asLong();
        return s;
    }

    @Test
    @Order(2)
    void rule1DemoteRemovesTheLocalRouterAndRepointsHaRouterIp() throws Exception {
        assertTrue(b.running("router"), "B starts with a stale router of its own");
        JsonNode t = b.tickUntilTransition(Duration.ofMinutes(2));
        assertEquals("DEMOTE", t.get("kind").asText());
        assertTrue(t.get("reason").asText().contains("standby"), t.toString());
        assertFalse(b.running("router"), "the local router is gone");
        assertEquals("", b.containerId("router"), "and removed");
        assertEquals(A, b.env().get("HA_ROUTER_IP"));
        assertEquals("ha-secondary", b.env().get("COMPOSE_PROFILES"));
        await().atMost(Duration.ofSeconds(180))
                .until(
                        () -> {
                            Map<String, String> r = StackNode.registry(A);
                            return r != null
                                    && TYPES.stream()
                                            .allMatch(
                                                    type ->
                                                            "SLAVE/ACTIVE"
                                                                    .equals(r.get(type + "@" + B)));
                        });
    }

    @Test
    @Order(3)
    void statusReportsBothNodesConsistent() throws Exception {
        // both at once: on a loaded machine a probe may time out now and then (UNKNOWN, CRITICAL),
        // so poll
        JsonNode[] both = new JsonNode[2];
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> {
                            both[0] = a.status();
                            both[1] = b.status();
                            return both[0].get("exitCode").asInt() == 0
                                    && both[1].get("exitCode").asInt() == 0;
                        });
        JsonNode sa = both[0];
        assertEquals("OK", sa.get("verdict").asText(), sa.toPrettyString());
        assertEquals("PRIMARY", sa.get("database").get("role").asText());
        assertEquals("self", sa.get("env").get("routerIsOn").asText());
        assertEquals("MASTER/ACTIVE", sa.get("registry").get("EDGE").get(A).asText());
        assertEquals("SLAVE/ACTIVE", sa.get("registry").get("EDGE").get(B).asText());
        assertTrue(sa.get("pooler").get("ok").asBoolean());
        JsonNode sb = both[1];
        assertEquals("OK", sb.get("verdict").asText(), sb.toPrettyString());
        assertEquals("STANDBY", sb.get("database").get("role").asText());
        assertEquals("peer", sb.get("env").get("routerIsOn").asText());
        assertEquals("absent", sb.get("router").get("local").asText());
        Sh.Result text = a.watchdog("status");
        System.out.println("status of nodea:\n" + text.out());
        // A monitoring plugin's first line; its verdict is the exit code (a probe may time out
        // between this and the poll above).
        java.util.regex.Matcher first =
                java.util.regex.Pattern.compile(
                                "FAILOVER-WATCHDOG (OK|WARNING|CRITICAL|UNKNOWN) - .+ \\| db_primary=\\S+ .*")
                        .matcher(text.out().lines().findFirst().orElse(""));
        assertTrue(first.matches(), text.out());
        assertEquals(
                List.of("OK", "WARNING", "CRITICAL", "UNKNOWN").indexOf(first.group(1)),
                text.exit(),
                text.out());
    }

    /**
     * The figure the issue asks for: CPU and wall time of a quiet tick with the launcher's flags,
     * median of 20.
     */
    @Test
    @Order(4)
    void aQuietTickDoesNothingAndDoesNotLoadDockerJava() throws Exception {
        int before = a.transitions();
        Sh.Result verbose =
                Sh.run(
                        a.dir,
                        Map.of(
                                "WATCHDOG_JAR",
                                StackNode.REPO.resolve("watchdog/target/watchdog.jar").toString(),
                                "JAVA_TOOL_OPTIONS",
                                "-Xlog:class+load=info:file=" + a.dir.resolve("classes.log")),
                        120,
                        List.of(
                                StackNode.REPO.resolve("bin/failover-watchdog").toString(),
                                "--config",
                                a.config.toString(),
                                "tick"));
        assertEquals(0, verbose.exit(), verbose.err());
        String loaded = Files.readString(a.dir.resolve("classes.log"));
        assertTrue(
                loaded.contains("org.failoverwatchdog.watchdog.tick.Tick"),
                "the log lists the tick's classes");
        assertFalse(
                loaded.contains("com.github.dockerjava"), "a quiet tick must not load docker-java");
        List<double[]> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Sh.Result r =
                    Sh.run(
                            a.dir,
                            Map.of(
                                    "WATCHDOG_JAR",
                                    StackNode.REPO
                                            .resolve("watchdog/target/watchdog.jar")
                                            .toString(),
                                    "WATCHDOG_CDS_DIR",
                                    a.stateDir.resolve("cds").toString()),
                            120,
                            List.of(
                                    "/usr/bin/time",
                                    "-f",
                                    "TIME %e %U %S",
                                    StackNode.REPO.resolve("bin/failover-watchdog").toString(),
                                    "--config",
                                    a.config.toString(),
                                    "tick"));
            assertEquals(0, r.exit(), r.err());
            String line =
                    r.err().lines().filter(l -> l.startsWith("TIME ")).findFirst().orElseThrow();
            String[] f = line.split(" ");
            runs.add(
                    new double[] {
                        Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]) + Double.parseDouble(f[3])
                    });
        }
        assertEquals(before, a.transitions(), "20 quiet ticks, no transition");
        double[] wall = runs.stream().mapToDouble(x -> x[0]).sorted().toArray();
        double[] cpu = runs.stream().mapToDouble(x -> x[1]).sorted().toArray();
        System.out.printf(
                "FIGURE quiet tick over 20 runs: median wall %.2f s (min %.2f, max %.2f), median CPU %.2f s (min %.2f, max %.2f)%n",
                wall[10], wall[0], wall[19], cpu[10], cpu[0], cpu[19]);
    }

    @Test
    @Order(5)
    void rule2RestartsOnlyTheMissingServicesAfterTheRouterRestartsEmpty() throws Exception {
        Sh.run(List.of("docker", "restart", a.containerId("router"))).ok();
        await().atMost(Duration.ofSeconds(120))
                .until(
                        () -> {
                            Map<String, String> r = StackNode.registry(A);
                            return r != null && r.isEmpty();
                        });
        // gateway re-registers by being restarted by hand: only the other three are missing from A.
        Sh.run(List.of("docker", "restart", a.containerId("gateway"))).ok();
        await().atMost(Duration.ofSeconds(120))
                .until(
                        () -> {
                            Map<String, String> r = StackNode.registry(A);
                            return r != null && r.containsKey("GATEWAY@" + A);
                        });
        JsonNode st = a.status();
        assertEquals(2, st.get("exitCode").asInt(), "missing types are CRITICAL");
        assertEquals("REPAIR", st.get("next").get("kind").asText());
        Instant gatewayBefore = a.startedAt("gateway");
        Map<String, Instant> before =
                Map.of(
                        "dataservice",
                        a.startedAt("dataservice"),
                        "edge",
                        a.startedAt("edge"),
                        "bastion",
                        a.startedAt("bastion"));
        // let repair_grace (3 s) pass for gateway too, so only "missing" decides
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);

        JsonNode t = a.tickUntilTransition(Duration.ofMinutes(2));
        assertEquals("REPAIR", t.get("kind").asText());
        assertEquals(
                "restart bastion dataservice edge", t.get("steps").get(0).get("step").asText());
        assertEquals(
                gatewayBefore, a.startedAt("gateway"), "gateway was registered: not restarted");
        before.forEach((svc, at) -> assertTrue(a.startedAt(svc).isAfter(at), svc + " restarted"));
        Map<String, String> reg = StackNode.registryAnswer(A);
        for (String type : TYPES) assertTrue(reg.containsKey(type + "@" + A), reg.toString());

        assertEquals(
                "REPAIR",
                b.tickUntilTransition(Duration.ofMinutes(2)).get("kind").asText(),
                "B's services were lost too: Rule 2 heals both nodes");
        await().atMost(Duration.ofSeconds(180))
                .until(
                        () -> {
                            Map<String, String> r = StackNode.registry(A);
                            return r != null
                                    && TYPES.stream()
                                            .allMatch(
                                                    type ->
                                                            "SLAVE/ACTIVE"
                                                                    .equals(r.get(type + "@" + B)));
                        });
    }

    @Test
    @Order(6)
    void rule3FiresOnlyAfterTheThresholdAcrossTicksAndOnlyWhenThePeerIsGone() throws Exception {
        int before = b.transitions();
        assertEquals(0, b.tick().exit());
        assertTrue(
                b.status().get("rule3").get("timerSince").isNull(),
                "the peer's router answers: no timer");

        // Node A "powers off": its whole app layer stops (router and the ui port that stands for
        // the node).
        a.compose("stop", "-t", "2").ok();
        assertEquals(0, b.tick().exit());
        JsonNode s1 = b.status();
        assertFalse(
                s1.get("rule3").get("timerSince").isNull(),
                "first tick without the router starts the timer");
        Instant since = Instant.parse(s1.get("rule3").get("timerSince").asText());
        assertEquals(before, b.transitions(), "no action on the first tick");
        if (Duration.between(since, Instant.now()).toMillis() < 4000) {
            assertEquals(0, b.tick().exit());
            assertEquals(before, b.transitions(), "no action while under the 5 s threshold");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Instant.now().isAfter(since.plusSeconds(5)));

        JsonNode t = b.tickUntilTransition(Duration.ofMinutes(2));
        assertEquals("PROMOTE", t.get("kind").asText());
        assertEquals("rule3", t.get("rule").asText());
        assertTrue(t.get("succeeded").asBoolean(), t.toPrettyString());
        assertTrue(b.running("router"));
        Map<String, String> reg = StackNode.registryAnswer(B);
        for (String type : TYPES)
            assertEquals("MASTER/ACTIVE", reg.get(type + "@" + B), reg.toString());
        JsonNode s2 =
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(2))
                        .until(
                                b::status,
                                st -> !"UNKNOWN".equals(st.get("database").get("role").asText()));
        assertTrue(s2.get("rule3").get("promotedAheadOfDb").asBoolean());
        assertEquals(
                "STANDBY",
                s2.get("database").get("role").asText(),
                "repmgr has not promoted the database here");

        assertEquals(0, b.tick().exit());
        assertEquals(
                before + 1,
                b.transitions(),
                "no demote while the peer is still gone (Rule 3 hold)");
    }
}
