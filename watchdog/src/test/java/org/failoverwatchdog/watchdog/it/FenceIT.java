package org.failoverwatchdog.watchdog.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.failoverwatchdog.convergence.ActionException;
import org.failoverwatchdog.convergence.Compose;
import org.failoverwatchdog.convergence.ContainerEngine;
import org.failoverwatchdog.convergence.DatabaseFence;
import org.failoverwatchdog.convergence.EnvFileWriter;
import org.failoverwatchdog.convergence.Gates;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanExecutor;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.convergence.ProbeGates;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.convergence.StepResult;
import org.failoverwatchdog.convergence.StepResult.Outcome;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.Conninfo;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.EnvFile;
import org.failoverwatchdog.probes.Observed;
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

/**
 * The write fence and the rejoin of a stale primary against the real PostgreSQL pair of
 * testbed/testenv/pg-cluster.sh (primary 127.0.0.11, TLS streaming standby 127.0.0.12): every
 * database step runs for real (DatabaseFence over the watchdog role's own connection, the rejoin
 * command, the LocalDbRole gate through ProbeGates); only the Compose steps go to a recording
 * {@link Compose} (no Docker needed).
 *
 * <p>The tests run in order, each leaving the cluster as the next needs it; the last one restores
 * primary 127.0.0.11 / standby 127.0.0.12 for the ITs that run after this one (and {@link #cleanUp}
 * tries again if a test stopped half-way). Started here, the cluster is stopped again at the end.
 *
 * <p>Not covered here: two primaries on the same timeline. pg-cluster.sh has no way to make one
 * (only a standby started without standby.signal would be) nor to undo it (pg_rewind finds "no
 * rewind required" between nodes on one timeline, so the diverged node would need a new base
 * backup); the rules' answer to it (no plan) is covered by RulesTest with synthetic observations.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FenceIT {
    static final String A = "127.0.0.11";
    static final String B = "127.0.0.12";
    static final int PORT = 15432;
    static final Path CLUSTER = StackNode.REPO.resolve("testbed/testenv/pg-cluster.sh");
    static final Path TESTENV =
            Path.of(System.getenv().getOrDefault("FW_TESTENV_DIR", "/tmp/fw-testenv"));
    static final Path PASSFILE = TESTENV.resolve("pgpass");
    static final String PASSFILE_PROPERTY = "org.postgresql.pgpassfile";
    static final String PGBIN = "/usr/lib/postgresql/15/bin";
    static final String NO_GRANT_ROLE = "fw_fence_nogrant";
    static final String FIX =
            "fix: GRANT ALTER SYSTEM ON PARAMETER default_transaction_read_only, EXECUTE ON FUNCTION pg_reload_conf() and pg_signal_backend to the watchdog's role";
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    static final PostgresProbe PROBE = new PostgresProbe(PROBE_TIMEOUT);

    /** Rows of this run only: the table outlives a run on a cluster that was already up. */
    static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

    static boolean startedCluster;

    /**
     * Set before a test first changes the pair (a fence, a restart, a promotion): only then does
     * {@link #cleanUp} put it back.
     */
    static boolean changedPair;

    static String savedPassfile;
    static Path root;

    @BeforeAll
    static void cluster() throws Exception {
        startedCluster = !Files.exists(TESTENV.resolve(".fw-testenv"));
        // up is idempotent: it creates the pair, or starts a stopped node and adds the fence grants
        // to
        // a cluster made before them.
        Sh.run(null, Map.of(), 600, List.of(CLUSTER.toString(), "up")).ok();
        savedPassfile = System.getProperty(PASSFILE_PROPERTY);
        System.setProperty(PASSFILE_PROPERTY, PASSFILE.toString());
        DbState a = role(A), b = role(B);
        assertEquals(DbRole.PRIMARY, a.role(), "this test starts from primary " + A + ": " + a);
        assertEquals(DbRole.STANDBY, b.role(), "this test starts from standby " + B + ": " + b);
        assertFalse(a.readOnly(), A + " is read-only before any fence: " + a);
        root = Files.createTempDirectory("fw-fenceit");
        try (Connection c = app(A);
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS fence_it (id bigserial PRIMARY KEY, run text NOT NULL, tag text NOT NULL)");
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            if (changedPair && !originalRoles()) {
                System.out.println(
                        "FenceIT: restoring primary "
                                + A
                                + " / standby "
                                + B
                                + " after a test that stopped half-way");
                restoreOriginalRoles();
            }
            if (originalRoles()) {
                try (Connection c = app(A);
                        Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS fence_it");
                }
                superSql(A, "postgres", "DROP ROLE IF EXISTS " + NO_GRANT_ROLE);
            }
        } finally {
            if (savedPassfile == null) System.clearProperty(PASSFILE_PROPERTY);
            else System.setProperty(PASSFILE_PROPERTY, savedPassfile);
            if (startedCluster) Sh.run(List.of(CLUSTER.toString(), "down")).ok();
            if (root != null) Sh.run(List.of("rm", "-rf", "--one-file-system", root.toString()));
        }
    }

    /**
     * The fence on the real primary: an open transaction cannot commit, new sessions cannot write
     * (25006) but can read, the probe reports it, it outlives a restart, and the standby keeps
     * replicating. The unfence makes the primary writable again.
     */
    @Test
    @Order(1)
    void theFenceStopsEveryWriterOnThePrimaryOutlivesARestartAndTheUnfenceLiftsIt()
            throws Exception {
        insert(A, "before-fence");
        Connection open = app(A);
        open.setAutoCommit(false);
        try (PreparedStatement ps =
                open.prepareStatement(
                        "INSERT INTO fence_it (run, tag) VALUES (?, 'open-transaction')")) {
            ps.setString(1, RUN);
            ps.executeUpdate();
        }

        changedPair = true;
        PlanResult fenced =
                executor(fence("user=watchdog"), new RecordingCompose()).run(plan(false));
        StepResult step = fenced.steps().get(0);
        assertTrue(fenced.succeeded(), "fence: " + step);
        assertEquals(Outcome.DONE, step.outcome());
        assertTrue(
                step.detail()
                        .matches(
                                "default_transaction_read_only = on \\(new sessions read-only after [0-9]+ ms\\); [1-9][0-9]* sessions ended"),
                step.detail());

        SQLException commit =
                assertThrows(
                        SQLException.class,
                        open::commit,
                        "the open transaction must not commit after the fence");
        System.out.println(
                "FenceIT: commit of the open transaction: "
                        + commit.getSQLState()
                        + " "
                        + commit.getMessage());
        open.close();
        assertWritesRefused(A, "fenced");
        assertEquals(0, count(A, "open-transaction"), "the open transaction's row");
        assertEquals(1, count(A, "before-fence"), "SELECT works on the fenced primary");
        DbState a = role(A);
        assertEquals(DbRole.PRIMARY, a.role());
        assertTrue(a.readOnly(), "PostgresProbe.role reports the fence: " + a);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(B, "before-fence") == 1);

        // ALTER SYSTEM, not a session setting: a restarted PostgreSQL is still fenced.
        Sh.run(List.of(CLUSTER.toString(), "stop", A)).ok();
        Sh.run(List.of(CLUSTER.toString(), "start", A)).ok();
        assertWritesRefused(A, "fenced, after a restart");
        assertTrue(role(A).readOnly(), "fenced after a restart: " + role(A));
        // The standby follows the restarted, fenced primary: WAL still flows (a superuser, which
        // the
        // fence leaves alone, writes explicitly read-write).
        await().atMost(Duration.ofSeconds(60)).until(() -> role(A).streamingReplicas() >= 1);
        superSql(
                A,
                "app",
                "BEGIN READ WRITE; INSERT INTO fence_it (run, tag) VALUES ('"
                        + RUN
                        + "', 'superuser-while-fenced'); COMMIT;");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(B, "superuser-while-fenced") == 1);
        assertEquals(DbRole.STANDBY, role(B).role());

        PlanResult unfenced =
                executor(fence("user=watchdog"), new RecordingCompose()).run(plan(true));
        assertTrue(unfenced.succeeded(), "unfence: " + unfenced.steps());
        assertEquals("default_transaction_read_only reset", unfenced.steps().get(0).detail());
        insert(A, "after-unfence");
        assertFalse(role(A).readOnly(), "writable again: " + role(A));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(B, "after-unfence") == 1);
    }

    /**
     * A role without the PostgreSQL 15 grants: the step fails, names the GRANTs, and changes
     * nothing.
     */
    @Test
    @Order(2)
    void aRoleWithoutTheGrantsFailsTheStepWithTheGrantsToGive() throws Exception {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        Path passfile = root.resolve("nogrant.pgpass");
        Files.createFile(
                passfile,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                passfile,
                Files.readString(PASSFILE) + "*:*:*:" + NO_GRANT_ROLE + ":" + password + "\n");
        // Password on stdin, never in arguments; fw_test_login lets pg_hba admit it over TCP.
        superSql(
                A,
                "postgres",
                "DROP ROLE IF EXISTS "
                        + NO_GRANT_ROLE
                        + ";\nCREATE ROLE "
                        + NO_GRANT_ROLE
                        + " LOGIN PASSWORD '"
                        + password
                        + "' IN ROLE fw_test_login;");
        System.setProperty(PASSFILE_PROPERTY, passfile.toString());
        try {
            for (boolean allowed : new boolean[] {false, true}) {
                PlanResult r =
                        executor(fence("user=" + NO_GRANT_ROLE), new RecordingCompose())
                                .run(plan(allowed));
                StepResult step = r.steps().get(0);
                assertFalse(r.succeeded(), step.toString());
                assertEquals(Outcome.FAILED, step.outcome(), step.toString());
                assertTrue(
                        step.detail()
                                .startsWith(
                                        "database "
                                                + NO_GRANT_ROLE
                                                + "@"
                                                + A
                                                + ":"
                                                + PORT
                                                + "/postgres: "),
                        step.detail());
                assertTrue(step.detail().contains("permission denied"), step.detail());
                assertTrue(step.detail().contains(FIX), step.detail());
                System.out.println(
                        "FenceIT: DbWrites("
                                + allowed
                                + ") as "
                                + NO_GRANT_ROLE
                                + ": "
                                + step.detail());
            }
        } finally {
            System.setProperty(PASSFILE_PROPERTY, PASSFILE.toString());
            superSql(A, "postgres", "DROP ROLE IF EXISTS " + NO_GRANT_ROLE);
        }
        assertFalse(role(A).readOnly(), "nothing was changed: " + role(A));
        insert(A, "after-failed-fence");
    }

    /**
     * Split brain healed: the standby was promoted (newer timeline) and the old primary took writes
     * after that. The real Observer and Rules decide REJOIN; the real executor fences, runs the
     * testenv's rejoin (pg_rewind), gates on the standby role and rewrites the .env.
     */
    @Test
    @Order(3)
    void aStalePrimaryIsFencedRejoinedAndLosesOnlyWhatItWrotePastTheFork() throws Exception {
        insert(A, "before-split");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(B, "before-split") == 1);
        changedPair = true;
        Sh.run(List.of(CLUSTER.toString(), "promote", B)).ok();
        for (int i = 0; i < 3; i++) insert(A, "old-primary-after-promotion");
        for (int i = 0; i < 2; i++) insert(B, "new-primary");
        String oldEnd;
        try (Connection c = app(A);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
            rs.next();
            oldEnd = rs.getString(1);
        }

        Path stack = Files.createDirectories(root.resolve("stack"));
        Path env = stack.resolve(".env");
        Files.writeString(
                env,
                "# FenceIT node a\nCOMPOSE_PROFILES=ha-primary\nHA_ROUTER_IP="
                        + A
                        + "\nNODE_IP="
                        + A
                        + "\n");
        WatchdogConfig c = config(stack);
        Observer observer = new Observer(c);

        Observations seen = observer.observe(WatchdogState.initial());
        DbState local =
                seen.db().known().orElseThrow(() -> new AssertionError(seen.db().describe()));
        DbState peer =
                seen.peerDb()
                        .flatMap(Observed::known)
                        .orElseThrow(() -> new AssertionError(String.valueOf(seen.peerDb())));
        assertEquals(DbRole.PRIMARY, local.role(), "observed " + local);
        assertEquals(DbRole.PRIMARY, peer.role(), "observed peer " + peer);
        assertTrue(peer.timeline() > local.timeline(), local + " / " + peer);
        assertTrue(
                lsn(local.lsn()) >= lsn(oldEnd),
                "observed WAL " + local.lsn() + " includes the writes up to " + oldEnd);

        Decision d = new Rules(c).decide(seen, WatchdogState.initial());
        Plan plan = d.plan().orElseThrow(() -> new AssertionError("no plan: " + d.notes()));
        assertEquals(PlanKind.REJOIN, plan.kind(), plan.reason() + " " + d.notes());
        assertTrue(
                plan.reason().contains("timeline " + local.timeline() + ", WAL at " + local.lsn()),
                plan.reason());
        assertTrue(plan.reason().contains("primary on timeline " + peer.timeline()), plan.reason());
        System.out.println("FenceIT: REJOIN because " + plan.reason());

        // While the app layer is being removed (right after the fence, before the rejoin), the old
        // primary refuses writes.
        RecordingCompose compose = new RecordingCompose();
        compose.onFirstRemove =
                () -> compose.writeDuringFence = insertError(A, "write-during-rejoin-fence");
        ProbeGates gates =
                new ProbeGates(
                        observer.postgresProbe(),
                        c.postgres().pooler(),
                        observer.routerProbe(),
                        c.router().statusUrl(),
                        observer.containerProbe(),
                        c.compose().projectName(),
                        c.postgres().local());
        PlanExecutor executor =
                new PlanExecutor(
                        new EnvFileWriter(c.compose().envFile()),
                        compose,
                        noDocker(),
                        gates,
                        c.compose().projectName(),
                        Duration.ofSeconds(10),
                        Duration.ofMillis(200),
                        Optional.of(
                                new DatabaseFence(
                                        c.postgres().local(), c.thresholds().probeTimeout())));
        long t0 = System.nanoTime();
        PlanResult r = executor.run(plan);
        System.out.println(
                "FenceIT: REJOIN took "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
                        + " ms");
        r.steps()
                .forEach(
                        s ->
                                System.out.println(
                                        "FenceIT:   "
                                                + s.outcome()
                                                + " "
                                                + s.duration().toMillis()
                                                + " ms "
                                                + s.step()
                                                + (s.detail().isEmpty() ? "" : ": " + s.detail())));
        assertTrue(r.succeeded(), "REJOIN: " + r.steps());

        List<StepResult> steps = r.steps();
        assertEquals(new Step.DbWrites(false).describe(), steps.get(0).step());
        assertEquals(Outcome.DONE, steps.get(0).outcome(), steps.get(0).toString());
        assertEquals("remove " + String.join(" ", c.fencing().services()), steps.get(1).step());
        assertNotNull(
                compose.writeDuringFence,
                "an INSERT into the fenced old primary succeeded during the rejoin");
        assertEquals(
                "25006",
                compose.writeDuringFence.getSQLState(),
                compose.writeDuringFence.getMessage());
        assertEquals("run " + c.fencing().rejoinCommand().orElseThrow(), steps.get(2).step());
        assertEquals(Outcome.DONE, steps.get(2).outcome());
        assertTrue(
                steps.get(2).detail().contains("127.0.0.11 is a standby of 127.0.0.12"),
                steps.get(2).detail());
        assertEquals("gate local PostgreSQL is STANDBY within 60000 ms", steps.get(3).step());
        assertEquals(Outcome.GATE_PASSED, steps.get(3).outcome(), steps.get(3).toString());
        assertEquals(
                List.of(
                        "remove " + c.fencing().services(),
                        "recreate [pgpool]",
                        "remove [router]",
                        "up [dataservice, gateway, bastion, edge]",
                        "up "
                                + c.fencing().services().stream()
                                        .filter(x -> !x.equals("router"))
                                        .toList()),
                compose.calls,
                "the app layer's steps, in order");

        DbState rejoined = role(A), primary = role(B);
        assertEquals(DbRole.STANDBY, rejoined.role(), "rejoined " + rejoined);
        assertEquals(DbRole.PRIMARY, primary.role(), "new primary " + primary);
        assertEquals(
                primary.timeline(),
                rejoined.timeline(),
                "the rejoined standby follows the new timeline: " + rejoined + " / " + primary);
        // pg_rewind brought the peer's postgresql.auto.conf: nothing of the fence is left to make a
        // later promotion read-only.
        assertFalse(
                rejoined.readOnly(),
                "default_transaction_read_only on the rejoined standby: " + rejoined);
        await().atMost(Duration.ofSeconds(60)).until(() -> role(B).streamingReplicas() >= 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(A, "new-primary") == 2);
        for (String node : List.of(A, B)) {
            assertEquals(
                    0,
                    count(node, "old-primary-after-promotion"),
                    node + ": the old primary's writes past the fork are discarded");
            assertEquals(0, count(node, "write-during-rejoin-fence"), node);
            assertEquals(2, count(node, "new-primary"), node + ": the new primary's writes");
            assertEquals(1, count(node, "before-split"), node + ": the writes before the fork");
        }
        EnvFile after = EnvFile.read(env);
        assertEquals(Optional.of("ha-secondary"), after.get("COMPOSE_PROFILES"), after.render());
        assertEquals(Optional.of(B), after.get("HA_ROUTER_IP"), after.render());
        assertEquals(
                Optional.of(A), after.get("NODE_IP"), "other keys are kept: " + after.render());

        // The next tick, as Tick does it: the plan succeeded, so nothing is pending.
        WatchdogState next = d.next().withPending(Optional.empty());
        Decision again = new Rules(c).decide(observer.observe(next), next);
        System.out.println(
                "FenceIT: the next decision: "
                        + again.plan().map(p -> p.kind() + " " + p.steps()).orElse("no plan")
                        + " "
                        + again.notes());
        assertTrue(
                again.plan().map(p -> p.kind() != PlanKind.REJOIN).orElse(true),
                "again: " + again.plan());
        assertTrue(
                again.plan()
                        .map(
                                p ->
                                        p.steps().stream()
                                                .noneMatch(
                                                        s ->
                                                                s instanceof Step.DbWrites
                                                                        || s instanceof Step.Run))
                        .orElse(true),
                "no database step: " + again.plan());
    }

    /**
     * For the ITs that follow: 127.0.0.11 primary and writable, 127.0.0.12 its streaming standby.
     */
    @Test
    @Order(4)
    void theOriginalRolesAreRestored() throws Exception {
        restoreOriginalRoles();
        assertTrue(originalRoles(), role(A) + " / " + role(B));
        insert(A, "after-restore");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(B, "after-restore") == 1);
    }

    // ---- the world

    /**
     * From wherever a test left the pair, one script step at a time (rejoin NODE rewinds NODE from
     * the other node).
     */
    static void restoreOriginalRoles() {
        DbState a = role(A), b = role(B);
        if (a.role() == DbRole.PRIMARY && a.readOnly()) {
            try {
                fence("user=watchdog").setWritable(true);
            } catch (ActionException e) {
                throw new AssertionError(e.getMessage(), e);
            }
        }
        if (a.role() == DbRole.PRIMARY && b.role() == DbRole.PRIMARY) {
            Sh.run(List.of(CLUSTER.toString(), "rejoin", b.timeline() > a.timeline() ? A : B)).ok();
        }
        if (role(A).role() == DbRole.STANDBY)
            Sh.run(List.of(CLUSTER.toString(), "promote", A)).ok();
        if (role(B).role() != DbRole.STANDBY || role(A).streamingReplicas() < 1)
            Sh.run(List.of(CLUSTER.toString(), "rejoin", B)).ok();
    }

    static boolean originalRoles() {
        DbState a = role(A), b = role(B);
        return a.role() == DbRole.PRIMARY
                && !a.readOnly()
                && a.streamingReplicas() >= 1
                && b.role() == DbRole.STANDBY
                && b.timeline() == a.timeline();
    }

    static WatchdogConfig config(Path stack) throws Exception {
        Path key = Files.writeString(root.resolve("witness_key"), "");
        Path known = Files.writeString(root.resolve("known_hosts"), "");
        String yaml =
                """
                node: {name: nodea, ip: %1$s}
                peer: {name: nodeb, ip: %2$s}
                witness:
                  name: witness
                  ip: 127.0.0.13          # nothing listens there: it refuses, which is an answer
                  ssh_key: %3$s
                  known_hosts: %4$s
                postgres:
                  local: "host=%1$s port=%5$d dbname=postgres user=watchdog"
                  pooler: "host=%1$s port=%5$d dbname=postgres user=watchdog"
                  peer: "host=%2$s port=%5$d dbname=postgres user=watchdog"
                  passfile: %6$s
                router:
                  service_types: {GATEWAY: gateway, DATASERVICE: dataservice, EDGE: edge, BASTION: bastion}
                compose:
                  project_dir: %7$s
                  project_name: fwfenceit
                thresholds:
                  peer_port: %5$d         # the peer node answers (its PostgreSQL): no isolation
                  probe_timeout: 3s
                state_dir: %8$s
                fencing:
                  rejoin_command: "%9$s rejoin %1$s"
                  rejoin_timeout: 2m
                plans:
                  # The reference demote sequence with short deadlines: no router runs in this test, so
                  # every registry gate misses (none is required) and would only cost time.
                  demote:
                    - remove: [router]
                    - gate: registry_active
                      type: DATASERVICE
                      node: peer
                      deadline: 300ms
                      required: false
                    - start: [dataservice, gateway, bastion, edge]
                    - gate: registry_active
                      type: EDGE
                      deadline: 300ms
                      required: false
                """
                        .formatted(
                                A,
                                B,
                                key,
                                known,
                                PORT,
                                PASSFILE,
                                stack,
                                root.resolve("state"),
                                CLUSTER);
        return ConfigLoader.parse(root.resolve("watchdog.yml"), yaml);
    }

    static Plan plan(boolean writable) {
        return new Plan(
                writable ? PlanKind.UNFENCE : PlanKind.FENCE,
                RuleName.FENCE,
                "FenceIT",
                List.of(new Step.DbWrites(writable)));
    }

    static DatabaseFence fence(String user) {
        return new DatabaseFence(
                Conninfo.parse("host=" + A + " port=" + PORT + " dbname=postgres " + user),
                PROBE_TIMEOUT);
    }

    static PlanExecutor executor(DatabaseFence fence, Compose compose) {
        Gates noGates = check -> Answer.no("no gates in this plan");
        return new PlanExecutor(
                new EnvFileWriter(root.resolve("unused.env")),
                compose,
                noDocker(),
                noGates,
                "fwfenceit",
                Duration.ofSeconds(10),
                Duration.ofMillis(200),
                Optional.of(fence));
    }

    static Supplier<ContainerEngine> noDocker() {
        return () -> {
            throw new AssertionError("no Docker in this test");
        };
    }

    /** The app layer's half of a plan, recorded instead of run. */
    static final class RecordingCompose implements Compose {
        final List<String> calls = new ArrayList<>();
        Runnable onFirstRemove = () -> {};
        volatile SQLException writeDuringFence;

        @Override
        public void up(List<String> services, boolean forceRecreate) {
            calls.add((forceRecreate ? "recreate " : "up ") + services);
        }

        @Override
        public void remove(List<String> services) {
            if (calls.stream().noneMatch(x -> x.startsWith("remove"))) onFirstRemove.run();
            calls.add("remove " + services);
        }
    }

    // ---- the database, as the app and as the superuser

    static DbState role(String host) {
        Observed<DbState> o =
                PROBE.role(
                        Conninfo.parse(
                                "host="
                                        + host
                                        + " port="
                                        + PORT
                                        + " dbname=postgres user=watchdog"));
        return o.known().orElseThrow(() -> new AssertionError(o.describe()));
    }

    static Connection app(String host) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "30");
        p.setProperty("ApplicationName", "FenceIT");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + PORT + "/app", p);
    }

    static void insert(String host, String tag) throws SQLException {
        try (Connection c = app(host);
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO fence_it (run, tag) VALUES (?, ?)")) {
            ps.setString(1, RUN);
            ps.setString(2, tag);
            ps.executeUpdate();
        }
    }

    /**
     * @return the error of an INSERT, or null when it was written
     */
    static SQLException insertError(String host, String tag) {
        try {
            insert(host, tag);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    static void assertWritesRefused(String host, String when) {
        SQLException e = insertError(host, "refused-" + when);
        assertNotNull(e, when + ": a new session's INSERT was written");
        assertEquals("25006", e.getSQLState(), when + ": " + e.getMessage());
    }

    static long count(String host, String tag) throws SQLException {
        try (Connection c = app(host);
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT count(*) FROM fence_it WHERE run = ? AND tag = ?")) {
            ps.setString(1, RUN);
            ps.setString(2, tag);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long lsn(String text) {
        String[] p = text.split("/");
        return (Long.parseLong(p[0], 16) << 32) + Long.parseLong(p[1], 16);
    }

    /**
     * SQL as the superuser over the node's unix socket (peer authentication); the SQL goes on
     * stdin, never in arguments.
     */
    static void superSql(String node, String db, String sql) {
        try {
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
                                    db)
                            .directory(Path.of("/").toFile())
                            .redirectErrorStream(true)
                            .start();
            try (var in = p.getOutputStream()) {
                in.write(sql.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
                throw new AssertionError("psql as postgres on " + node + " failed: " + out);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
