package org.failoverwatchdog.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL probe against the real test cluster of testbed/testenv/pg-cluster.sh (primary and
 * streaming standby on 127.0.0.11/127.0.0.12:15432, scram passwords in a passfile). Starts the
 * cluster when it is not up, and stops it again afterwards only in that case.
 */
class PostgresProbeIT {
    private static final int PORT = 15432;
    private static final String A = "127.0.0.11";
    private static final String B = "127.0.0.12";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Path REPO = findRepo();
    private static final Path TESTENV_DIR =
            Path.of(System.getenv().getOrDefault("FW_TESTENV_DIR", "/tmp/fw-testenv"));
    private static final Path PASSFILE = TESTENV_DIR.resolve("pgpass");
    private static final String PASSFILE_PROPERTY = "org.postgresql.pgpassfile";

    private static boolean startedHere;
    private static Map<String, String> clusterRoles;
    private final PostgresProbe probe = new PostgresProbe(TIMEOUT);
    private String savedPassfile;

    @BeforeAll
    static void cluster() throws Exception {
        if (!(ready(A) && ready(B))) {
            startedHere = !Files.exists(TESTENV_DIR.resolve(".fw-testenv"));
            Sh r =
                    sh(
                            Duration.ofMinutes(5),
                            REPO.resolve("testbed/testenv/pg-cluster.sh").toString(),
                            "up");
            assertEquals(0, r.code, "testbed/testenv/pg-cluster.sh up failed:\n" + r.out);
        }
        assertTrue(Files.isReadable(PASSFILE), "no passfile at " + PASSFILE);
        clusterRoles = rolesFromClusterScript();
    }

    @AfterAll
    static void down() throws Exception {
        if (startedHere) {
            Sh r =
                    sh(
                            Duration.ofMinutes(2),
                            REPO.resolve("testbed/testenv/pg-cluster.sh").toString(),
                            "down");
            assertEquals(0, r.code, "testbed/testenv/pg-cluster.sh down failed:\n" + r.out);
        }
    }

    @BeforeEach
    void usePassfile() {
        savedPassfile = System.getProperty(PASSFILE_PROPERTY);
        System.setProperty(PASSFILE_PROPERTY, PASSFILE.toString());
    }

    @AfterEach
    void restorePassfile() {
        if (savedPassfile == null) System.clearProperty(PASSFILE_PROPERTY);
        else System.setProperty(PASSFILE_PROPERTY, savedPassfile);
    }

    private static Conninfo conninfo(String host, int port) {
        return Conninfo.parse("host=" + host + " port=" + port + " dbname=postgres user=watchdog");
    }

    @Test
    void thePrimaryIsPrimaryWithTimelineAndLsn() {
        String primary = nodeWithRole("primary");
        Observed<DbState> o = probe.role(conninfo(primary, PORT));
        DbState s = o.known().orElseThrow(() -> new AssertionError(o.describe()));
        assertEquals(DbRole.PRIMARY, s.role());
        assertTrue(s.timeline() >= 1, "timeline " + s.timeline());
        assertTrue(s.lsn() != null && s.lsn().matches("[0-9A-F]+/[0-9A-F]+"), "lsn " + s.lsn());
        assertTrue(o.latency().compareTo(TIMEOUT) < 0, o.latency().toMillis() + " ms");
    }

    @Test
    void theStandbyIsStandby() {
        String standby = nodeWithRole("standby");
        Observed<DbState> o = probe.role(conninfo(standby, PORT));
        DbState s = o.known().orElseThrow(() -> new AssertionError(o.describe()));
        assertEquals(DbRole.STANDBY, s.role());
        assertTrue(s.timeline() >= 0, "timeline " + s.timeline());
        assertTrue(s.lsn() != null && s.lsn().matches("[0-9A-F]+/[0-9A-F]+"), "lsn " + s.lsn());
    }

    @Test
    void theRoleAloneOverAKeptConnectionIsEachNodesRole() {
        for (String role : new String[] {"primary", "standby"}) {
            try (PostgresProbe.Session session =
                    probe.session(conninfo(nodeWithRole(role), PORT))) {
                DbRole expected = role.equals("primary") ? DbRole.PRIMARY : DbRole.STANDBY;
                assertEquals(expected, session.roleOnly().known().orElseThrow());
                assertEquals(
                        expected,
                        session.roleOnly().known().orElseThrow(),
                        "read again over the kept connection");
            }
        }
    }

    @Test
    void aSessionOpensAnotherConnectionAfterTheServerRestarted() throws Exception {
        String standby = nodeWithRole("standby");
        try (PostgresProbe.Session session = probe.session(conninfo(standby, PORT))) {
            assertEquals(DbRole.STANDBY, session.role().known().orElseThrow().role());
            assertEquals(
                    DbRole.STANDBY,
                    session.role().known().orElseThrow().role(),
                    "read again over the kept connection");
            Sh stop =
                    sh(
                            Duration.ofMinutes(1),
                            REPO.resolve("testbed/testenv/pg-cluster.sh").toString(),
                            "stop",
                            standby);
            assertEquals(0, stop.code, stop.out);
            try {
                Observed<DbState> gone = session.role();
                assertTrue(
                        gone.known().map(d -> d.role() == DbRole.DOWN).orElse(true),
                        "a stopped server: " + gone.describe());
            } finally {
                Sh start =
                        sh(
                                Duration.ofMinutes(1),
                                REPO.resolve("testbed/testenv/pg-cluster.sh").toString(),
                                "start",
                                standby);
                assertEquals(0, start.code, start.out);
            }
            Observed<DbState> back = session.role();
            assertEquals(
                    DbRole.STANDBY,
                    back.known()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no new connection: " + back.describe()))
                            .role());
        }
    }

    @Test
    void selectOneAnswersOnBothNodes() {
        for (String node : new String[] {A, B}) {
            Observed<Answer> o = probe.selectOne(conninfo(node, PORT));
            assertTrue(o.known().map(Answer::ok).orElse(false), node + ": " + o.describe());
        }
    }

    @Test
    void aWrongPasswordIsUnknownWithThePassfileFixAndNoPassword(@TempDir Path dir)
            throws IOException {
        String wrong = "wrong-pw-" + Long.toHexString(System.nanoTime());
        Path passfile = passfile(dir, "*:*:*:watchdog:" + wrong + "\n");
        System.setProperty(PASSFILE_PROPERTY, passfile.toString());
        Observed<DbState> o = probe.role(conninfo(A, PORT));
        String reason = assertInstanceOf(Observed.Unknown.class, o, o.describe()).reason();
        assertTrue(reason.contains("password authentication failed"), reason);
        assertTrue(
                reason.contains(
                        "fix: the password for this user in the passfile named by postgres.passfile"),
                reason);
        assertTrue(reason.contains("watchdog@127.0.0.11:15432/postgres"), reason);
        assertFalse(reason.contains(wrong), "the password is echoed: " + reason);

        // Through the pooler, refused credentials are UNKNOWN too (they say nothing about whether
        // it serves).
        Observed<Answer> pooler = probe.selectOne(conninfo(A, PORT));
        String poolerReason =
                assertInstanceOf(Observed.Unknown.class, pooler, pooler.describe()).reason();
        assertTrue(poolerReason.contains("fix:"), poolerReason);
        assertFalse(poolerReason.contains(wrong), poolerReason);
    }

    @Test
    void aPassfileWithoutTheUserIsUnknownSayingWhatLineToAdd(@TempDir Path dir) throws IOException {
        Path passfile = passfile(dir, "*:*:*:someone_else:whatever\n");
        System.setProperty(PASSFILE_PROPERTY, passfile.toString());
        Observed<DbState> o = probe.role(conninfo(A, PORT));
        String reason = assertInstanceOf(Observed.Unknown.class, o, o.describe()).reason();
        assertTrue(reason.contains("fix: add a host:port:dbname:user:password line"), reason);
        assertFalse(reason.contains("whatever"), reason);
    }

    @Test
    void aClosedPortIsDownQuickly() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        Observed<DbState> o = probe.role(conninfo("127.0.0.1", closed));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // a refusal is an answer (nothing listens), unlike silence
        assertEquals(
                DbRole.DOWN, o.known().orElseThrow(() -> new AssertionError(o.describe())).role());
        assertTrue(took.compareTo(TIMEOUT.plusSeconds(1)) < 0, "took " + took.toMillis() + " ms");

        // SELECT 1 through a pooler that is not there is a (failed) observation, not UNKNOWN.
        Observed<Answer> pooler = probe.selectOne(conninfo("127.0.0.1", closed));
        assertFalse(pooler.known().orElseThrow(() -> new AssertionError(pooler.describe())).ok());
    }

    /**
     * A server that accepts and never speaks costs one timeout (plus pgjdbc's whole-second
     * rounding), then UNKNOWN.
     */
    @Test
    void aHungServerIsUnknownWithinTheTimeout() throws IOException {
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            PostgresProbe quick = new PostgresProbe(Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            Observed<DbState> o = quick.role(conninfo("127.0.0.1", hung.getLocalPort()));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertInstanceOf(Observed.Unknown.class, o, o.describe());
            assertTrue(
                    took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took.toMillis() + " ms");
        }
    }

    // --- helpers

    private static Path passfile(Path dir, String content) throws IOException {
        Path p = dir.resolve("pgpass");
        Files.createFile(
                p,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static String nodeWithRole(String role) {
        return clusterRoles.entrySet().stream()
                .filter(e -> e.getValue().equals(role))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "pg-cluster.sh status shows no "
                                                + role
                                                + ": "
                                                + clusterRoles));
    }

    /**
     * The roles as pg-cluster.sh sees them over the nodes' unix sockets: the probe is checked
     * against this.
     */
    private static Map<String, String> rolesFromClusterScript() throws Exception {
        Sh r =
                sh(
                        Duration.ofSeconds(60),
                        REPO.resolve("testbed/testenv/pg-cluster.sh").toString(),
                        "status");
        Matcher m =
                Pattern.compile(
                                "^(127\\.0\\.0\\.1[12]):"
                                        + PORT
                                        + " running \\(pid \\d+\\) (primary|standby)",
                                Pattern.MULTILINE)
                        .matcher(r.out);
        Map<String, String> roles = new HashMap<>();
        while (m.find()) roles.put(m.group(1), m.group(2));
        assertEquals(2, roles.size(), "pg-cluster.sh status:\n" + r.out);
        return roles;
    }

    private static boolean ready(String host) throws Exception {
        String isReady =
                Files.isExecutable(Path.of("/usr/lib/postgresql/15/bin/pg_isready"))
                        ? "/usr/lib/postgresql/15/bin/pg_isready"
                        : "pg_isready";
        try {
            return sh(
                                    Duration.ofSeconds(10),
                                    isReady,
                                    "-q",
                                    "-h",
                                    host,
                                    "-p",
                                    String.valueOf(PORT),
                                    "-t",
                                    "2")
                            .code
                    == 0;
        } catch (IOException e) {
            return false; // no client installed: the cluster is certainly not up
        }
    }

    private record Sh(int code, String out) {}

    private static Sh sh(Duration timeout, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                out.append(
                                        new String(
                                                p.getInputStream().readAllBytes(),
                                                StandardCharsets.UTF_8));
                            } catch (IOException ignored) {
                                // process gone
                            }
                        });
        reader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout);
        }
        reader.join();
        return new Sh(p.exitValue(), out.toString());
    }

    private static Path findRepo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("testbed/testenv/pg-cluster.sh")))
            p = p.getParent();
        if (p == null)
            throw new IllegalStateException(
                    "testbed/testenv/pg-cluster.sh not found above "
                            + Path.of("").toAbsolutePath());
        return p;
    }
}
