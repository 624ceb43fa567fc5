package org.failoverwatchdog.watchdog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.failoverwatchdog.convergence.PairPauseWriter;
import org.failoverwatchdog.probes.Conninfo;
import org.failoverwatchdog.probes.DbReading;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.PairPauseTable;
import org.failoverwatchdog.probes.PostgresProbe;
import org.failoverwatchdog.watchdog.config.ConfigLoader;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.Decision;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.rules.Rules;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.tick.Observer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * The pair's pause against the real PostgreSQL pair of testbed/testenv/pg-cluster.sh (primary
 * 127.0.0.11, TLS streaming standby 127.0.0.12, the table and grants as `up` makes them, as the
 * Ansible role does): `pause` writes the row on the primary and sees the standby replay it, the
 * standby's tick reads it from its own database and holds every plan, status and list show it, a
 * fenced (read-only) primary still takes it, a role without the grants reads its role but not the
 * pause (UNKNOWN, with the GRANT to give), and `resume` removes it on both.
 *
 * <p>The CLI runs in process, as `failover-watchdog --config F pause ...` on nodea (the primary's
 * node) or nodeb (the standby's, writing through postgres.peer). The tests run in order; the row
 * and the fence's setting are put back by {@link #cleanUp} should one stop half-way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PairPauseIT {
    static final String A = "127.0.0.11";
    static final String B = "127.0.0.12";
    static final int PORT = 15432;
    static final Path REPO =
            Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    static final Path CLUSTER = REPO.resolve("testbed/testenv/pg-cluster.sh");
    static final Path TESTENV =
            Path.of(System.getenv().getOrDefault("FW_TESTENV_DIR", "/tmp/fw-testenv"));
    static final Path PASSFILE = TESTENV.resolve("pgpass");
    static final String PASSFILE_PROPERTY = "org.postgresql.pgpassfile";
    static final String PGBIN = "/usr/lib/postgresql/15/bin";
    static final String NO_GRANT_ROLE = "fw_pause_nogrant";
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final PostgresProbe PROBE = new PostgresProbe(TIMEOUT);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));

    static boolean startedCluster;
    static String savedPassfile;
    static Path root;

    @BeforeAll
    static void cluster() throws Exception {
        startedCluster = !Files.exists(TESTENV.resolve(".fw-testenv"));
        // up is idempotent: it creates the pair, or starts a stopped node and adds the grants and
        // the pause table to a cluster made before them.
        sh(600, CLUSTER.toString(), "up");
        savedPassfile = System.getProperty(PASSFILE_PROPERTY);
        System.setProperty(PASSFILE_PROPERTY, PASSFILE.toString());
        assertEquals(DbRole.PRIMARY, role(A).role(), "this test starts from primary " + A);
        assertEquals(DbRole.STANDBY, role(B).role(), "this test starts from standby " + B);
        root = Files.createTempDirectory("fw-pauseit");
        new PairPauseWriter(ci(A, "postgres", "watchdog"), TIMEOUT).resume(); // a run cut short
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            if (role(A).role() == DbRole.PRIMARY) {
                new PairPauseWriter(ci(A, "postgres", "watchdog"), TIMEOUT).resume();
                superSql(
                        A,
                        "ALTER SYSTEM RESET default_transaction_read_only; SELECT pg_reload_conf();"
                                + " DROP ROLE IF EXISTS "
                                + NO_GRANT_ROLE
                                + ";");
            }
        } finally {
            if (savedPassfile == null) System.clearProperty(PASSFILE_PROPERTY);
            else System.setProperty(PASSFILE_PROPERTY, savedPassfile);
            if (startedCluster) sh(120, CLUSTER.toString(), "down");
            if (root != null) sh(60, "rm", "-rf", "--one-file-system", root.toString());
        }
    }

    /** As the tick reads its own database: the role, and the pause in the same visit. */
    @Test
    @Order(1)
    void theTicksReadFindsNoPauseAndADatabaseWithoutTheTableIsNotPaused() {
        DbReading a = PROBE.roleAndPause(ci(A, "postgres", "watchdog"));
        assertEquals(DbRole.PRIMARY, a.role().known().orElseThrow().role());
        assertInstanceOf(PairPause.NotPaused.class, a.pairPause().known().orElseThrow());
        DbReading b = PROBE.roleAndPause(ci(B, "postgres", "watchdog"));
        assertEquals(DbRole.STANDBY, b.role().known().orElseThrow().role());
        assertInstanceOf(PairPause.NotPaused.class, b.pairPause().known().orElseThrow());
        // The app database has no pause table: an installation from before it.
        DbReading app = PROBE.roleAndPause(ci(A, "app", "watchdog"));
        assertTrue(app.role().isKnown(), app.role().describe());
        assertInstanceOf(PairPause.NoTable.class, app.pairPause().known().orElseThrow());
        PairPauseTable.Access access =
                PROBE.pairPauseAccess(ci(A, "postgres", "watchdog")).known().orElseThrow();
        assertTrue(access.writable(), access.toString());
    }

    /**
     * pause on the primary's node: the row is written, the standby shows it (the wait measures it),
     * and the standby's own tick reads it from its database and holds whatever it decides; status
     * and list show who, when and why.
     */
    @Test
    @Order(2)
    void pauseIsReplayedToTheStandbyWhoseTickThenHoldsEveryPlan() throws Exception {
        String reason = "PairPauseIT " + RUN;
        Run pause = cli("pause", "--reason", reason, "--json", "--config", config("a").toString());
        assertEquals(0, pause.code, pause.toString());
        JsonNode j = JSON.readTree(pause.out);
        assertEquals("pair", j.path("scope").asText());
        assertEquals(reason, j.path("reason").asText());
        assertEquals("nodea", j.path("on").asText());
        assertEquals(Main.operator(), j.path("by").asText());
        assertEquals("nodea", j.path("writtenOn").asText());
        assertTrue(j.path("peer").path("shows").asBoolean(), j.toString());
        System.out.println(
                "PairPauseIT: nodeb's database showed the pause after "
                        + j.path("peer").path("afterMs").asLong()
                        + " ms");

        PairPause.Paused onB =
                assertInstanceOf(
                        PairPause.Paused.class,
                        PROBE.pairPause(ci(B, "postgres", "watchdog")).known().orElseThrow());
        assertEquals(reason, onB.reason());

        WatchdogConfig b = ConfigLoader.load(config("b"));
        Observations seen = new Observer(b).observe(WatchdogState.initial());
        assertEquals(DbRole.STANDBY, seen.db().known().orElseThrow().role());
        assertEquals(onB, seen.pairPause().known().orElseThrow(), "read from its own database");
        Decision d = new Rules(b).decide(seen, WatchdogState.initial());
        assertTrue(d.plan().isEmpty(), "paused: " + d.plan());
        assertTrue(
                d.notes().stream().anyMatch(n -> n.startsWith("the pair is paused by ")),
                d.notes().toString());

        // nodeb's database refusing connections (stopped for maintenance, or crashed while the
        // peer was promoted): its tick reads the pause from the peer's database instead.
        WatchdogConfig down = ConfigLoader.load(config("b", "watchdog", PASSFILE, 1));
        Observations fallback = new Observer(down).observe(WatchdogState.initial());
        assertEquals(DbRole.DOWN, fallback.db().known().orElseThrow().role());
        assertEquals(onB, fallback.pairPause().known().orElseThrow(), "read from nodea's database");

        JsonNode status =
                JSON.readTree(cli("status", "--json", "--config", config("b").toString()).out);
        assertEquals(reason, status.path("pairPause").path("reason").asText(), status.toString());
        assertEquals(1, status.path("perfdata").path("paused").asInt(), status.toString());
        JsonNode list =
                JSON.readTree(cli("list", "--json", "--config", config("a").toString()).out);
        assertTrue(list.path("pairPause").path("self").path("paused").asBoolean(), list.toString());
        assertTrue(list.path("pairPause").path("peer").path("paused").asBoolean(), list.toString());
        assertTrue(
                list.path("nodes").get(1).path("paused").path("value").asBoolean(),
                "the peer's row: its database shows the pair's pause: " + list);
    }

    /**
     * The pause is the operator's, not the application's: a fenced primary (read-only by default)
     * still takes it, here from the standby's node through postgres.peer.
     */
    @Test
    @Order(3)
    void aFencedPrimaryStillTakesThePauseWrittenFromTheStandbysNode() throws Exception {
        superSql(
                A, "ALTER SYSTEM SET default_transaction_read_only = on; SELECT pg_reload_conf();");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> role(A).readOnly());
            Run pause =
                    cli("pause", "--reason", "fenced " + RUN, "--config", config("b").toString());
            assertEquals(0, pause.code, pause.toString());
            assertTrue(
                    pause.out.contains("(written on nodea's database; it replaces the pause by "),
                    pause.out);
            assertTrue(pause.out.contains("nodeb's database shows it after "), pause.out);
        } finally {
            superSql(
                    A,
                    "ALTER SYSTEM RESET default_transaction_read_only; SELECT pg_reload_conf();");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !role(A).readOnly());
    }

    /**
     * A role without the table's grants: its role is read (the tick goes on), the pause is UNKNOWN
     * and names the GRANT; check says the same; pause changes nothing.
     */
    @Test
    @Order(4)
    void aRoleWithoutTheGrantsReadsItsRoleButNotThePause() throws Exception {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        Path passfile = root.resolve("nogrant.pgpass");
        Files.createFile(
                passfile,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                passfile,
                Files.readString(PASSFILE) + "*:*:*:" + NO_GRANT_ROLE + ":" + password + "\n");
        superSql(
                A,
                "DROP ROLE IF EXISTS "
                        + NO_GRANT_ROLE
                        + ";\nCREATE ROLE "
                        + NO_GRANT_ROLE
                        + " LOGIN PASSWORD '"
                        + password
                        + "' IN ROLE fw_test_login;");
        System.setProperty(PASSFILE_PROPERTY, passfile.toString());
        try {
            DbReading r = PROBE.roleAndPause(ci(A, "postgres", NO_GRANT_ROLE));
            assertEquals(DbRole.PRIMARY, r.role().known().orElseThrow().role(), "the role stands");
            String why = ((Observed.Unknown<PairPause>) r.pairPause()).reason();
            assertTrue(why.contains("permission denied"), why);
            assertTrue(
                    why.contains("GRANT USAGE ON SCHEMA failover_watchdog TO \"" + NO_GRANT_ROLE),
                    why);
            assertFalse(
                    PROBE.pairPauseAccess(ci(A, "postgres", NO_GRANT_ROLE))
                            .known()
                            .orElseThrow()
                            .readable());
            Run pause = cli("pause", "--config", config("a", NO_GRANT_ROLE, passfile).toString());
            assertEquals(1, pause.code, pause.toString());
            assertTrue(pause.err.contains("permission denied"), pause.toString());
            assertTrue(
                    pause.err.contains("(fix: on the primary, as a superuser: GRANT"),
                    pause.toString());
        } finally {
            System.setProperty(PASSFILE_PROPERTY, PASSFILE.toString());
            superSql(A, "DROP ROLE IF EXISTS " + NO_GRANT_ROLE + ";");
        }
        assertInstanceOf(
                PairPause.Paused.class,
                PROBE.pairPause(ci(A, "postgres", "watchdog")).known().orElseThrow(),
                "still paused: nothing changed");
    }

    /** resume removes the row; the standby shows it; a second resume finds nothing to do. */
    @Test
    @Order(5)
    void resumeIsReplayedToTheStandbyToo() throws Exception {
        Run resume = cli("resume", "--json", "--config", config("a").toString());
        assertEquals(0, resume.code, resume.toString());
        JsonNode j = JSON.readTree(resume.out);
        assertEquals("fenced " + RUN, j.path("was").path("reason").asText(), j.toString());
        assertTrue(j.path("peer").path("shows").asBoolean(), j.toString());
        assertInstanceOf(
                PairPause.NotPaused.class,
                PROBE.pairPause(ci(B, "postgres", "watchdog")).known().orElseThrow());
        Run again = cli("resume", "--config", config("a").toString());
        assertEquals(0, again.code, again.toString());
        assertTrue(
                again.out.startsWith("the pair was not paused (nodea's database: not paused)"),
                again.out);
    }

    // ------------------------------------------------------------------ helpers

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path config(String node) throws IOException {
        return config(node, "watchdog", PASSFILE);
    }

    static Path config(String node, String user, Path passfile) throws IOException {
        return config(node, user, passfile, PORT);
    }

    /**
     * @param node "a" (the primary's node) or "b" (the standby's), each with the other as its peer
     * @param localPort postgres.local's port (1: nothing listens, the local database is down)
     */
    static Path config(String node, String user, Path passfile, int localPort) throws IOException {
        String self = node.equals("a") ? A : B, peer = node.equals("a") ? B : A;
        Path stack = Files.createDirectories(root.resolve("stack-" + node));
        Files.writeString(
                stack.resolve(".env"),
                "COMPOSE_PROFILES=ha-secondary\nHA_ROUTER_IP=" + peer + "\nNODE_IP=" + self + "\n");
        Path f = root.resolve("watchdog-" + node + "-" + user + "-" + localPort + ".yml");
        Files.writeString(
                f,
                """
                node: {name: node%1$s, ip: %2$s}
                peer: {name: node%3$s, ip: %4$s}
                postgres:
                  local: "host=%2$s port=%11$d dbname=postgres user=%6$s"
                  pooler: "host=%2$s port=%5$d dbname=postgres user=%6$s"
                  peer: "host=%4$s port=%5$d dbname=postgres user=%6$s"
                  passfile: %7$s
                router:
                  service_types: {GATEWAY: gateway}
                compose:
                  project_dir: %8$s
                  project_name: fwpauseit
                docker: {host: "unix://%9$s"}
                thresholds:
                  peer_port: %5$d
                  probe_timeout: 3s
                state_dir: %10$s
                """
                        .formatted(
                                node,
                                self,
                                node.equals("a") ? "b" : "a",
                                peer,
                                PORT,
                                user,
                                passfile,
                                stack,
                                root.resolve("no-docker.sock"),
                                root.resolve("state-" + node),
                                localPort));
        return f;
    }

    static Conninfo ci(String host, String db, String user) {
        return Conninfo.parse("host=" + host + " port=" + PORT + " dbname=" + db + " user=" + user);
    }

    static DbState role(String host) {
        Observed<DbState> o = PROBE.role(ci(host, "postgres", "watchdog"));
        return o.known().orElseThrow(() -> new AssertionError(o.describe()));
    }

    static void sh(long timeoutSeconds, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new AssertionError(List.of(cmd) + " failed: " + out);
    }

    /**
     * SQL as the superuser over the node's unix socket (peer authentication); the SQL goes on
     * stdin, never in arguments.
     */
    static void superSql(String node, String sql) throws Exception {
        Process p =
                new ProcessBuilder(
                                "runuser",
                                "-u",
                                "postgres",
                                "--",
                                PGBIN + "/psql",
                                "-X",
                                "-q",
                                "-At",
                                "-v",
                                "ON_ERROR_STOP=1",
                                "-h",
                                TESTENV.resolve(node).resolve("sock").toString(),
                                "-p",
                                String.valueOf(PORT),
                                "-d",
                                "postgres")
                        .directory(Path.of("/").toFile())
                        .redirectErrorStream(true)
                        .start();
        try (var in = p.getOutputStream()) {
            in.write(sql.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new AssertionError("psql as postgres on " + node + " failed: " + out);
    }
}
