package org.failoverwatchdog.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pair's pause table: its SQL as the watchdog names it in a fix, the same as the Ansible role
 * and the test environment make it, and which errors mean "not there".
 */
class PairPauseTableTest {
    private static final Path REPO = Path.of("..");

    @Test
    void theAnsibleRoleAndTheTestEnvironmentMakeTheTableTheWatchdogReads() throws Exception {
        String sql = PairPauseTable.setupSql("watchdog");
        String ansible =
                Files.readString(REPO.resolve("ansible/roles/failover_watchdog/defaults/main.yml"))
                        .replace("{{ failover_watchdog_db_user }}", "watchdog");
        String testenv = Files.readString(REPO.resolve("testbed/testenv/pg-cluster.sh"));
        assertTrue(ansible.contains(sql.indent(2)), "ansible role:\n" + sql);
        assertTrue(testenv.contains("\n" + sql), "testbed/testenv/pg-cluster.sh:\n" + sql);
        for (String privilege : List.of("SELECT", "INSERT", "UPDATE", "DELETE")) {
            // has_table_privilege with a list is true when any one is held: one call each
            assertTrue(
                    ansible.contains(
                            "has_table_privilege('watchdog', 'failover_watchdog.pause', '"
                                    + privilege
                                    + "')"),
                    privilege);
        }
    }

    @Test
    void inAMessageItIsOneLine() {
        assertEquals(
                "CREATE SCHEMA IF NOT EXISTS failover_watchdog; CREATE TABLE IF NOT EXISTS failover_watchdog.pause"
                        + " (pair boolean PRIMARY KEY DEFAULT true CHECK (pair), paused_by text NOT NULL, paused_on text NOT NULL,"
                        + " paused_at timestamptz NOT NULL DEFAULT now(), reason text NOT NULL);"
                        + " GRANT USAGE ON SCHEMA failover_watchdog TO \"w\";"
                        + " GRANT SELECT, INSERT, UPDATE, DELETE ON failover_watchdog.pause TO \"w\";",
                PairPauseTable.setupSqlLine("w"));
    }

    @Test
    void aRoleNameIsQuotedAsAnIdentifier() {
        String sql = PairPauseTable.setupSql("odd\"role");
        assertTrue(sql.contains("TO \"odd\"\"role\";"), sql);
        assertEquals(
                "GRANT USAGE ON SCHEMA failover_watchdog TO \"watchdog\";"
                        + " GRANT SELECT, INSERT, UPDATE, DELETE ON failover_watchdog.pause TO \"watchdog\";",
                PairPauseTable.grantSql("watchdog"));
    }

    @Test
    void onlyAMissingTableOrSchemaIsMissingAndEachErrorHasItsFix() {
        assertTrue(PairPauseTable.missing(new SQLException("no relation", "42P01")));
        assertTrue(PairPauseTable.missing(new SQLException("no schema", "3F000")));
        for (String other : List.of("42501", "57014", "08006", "25006")) {
            assertFalse(PairPauseTable.missing(new SQLException("x", other)), other);
        }
        assertTrue(
                PairPauseTable.fix(new SQLException("permission denied", "42501"), "watchdog")
                        .contains(
                                "GRANT SELECT, INSERT, UPDATE, DELETE ON failover_watchdog.pause"));
        assertTrue(
                PairPauseTable.fix(new SQLException("no relation", "42P01"), "watchdog")
                        .contains("CREATE TABLE IF NOT EXISTS failover_watchdog.pause"));
        assertEquals("", PairPauseTable.fix(new SQLException("canceling statement", "57014"), "w"));
    }

    @Test
    void theTickNeedsToReadItAndPauseToChangeIt() {
        assertTrue(new PairPauseTable.Access(true, true, true, false, false, false).readable());
        assertFalse(new PairPauseTable.Access(true, true, true, false, false, false).writable());
        assertFalse(
                new PairPauseTable.Access(true, false, true, true, true, true).readable(),
                "no USAGE on the schema: nothing in it can be named");
        assertFalse(new PairPauseTable.Access(false, false, false, false, false, false).readable());
        assertTrue(new PairPauseTable.Access(true, true, true, true, true, true).writable());
    }
}
