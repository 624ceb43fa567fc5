package org.failoverwatchdog.convergence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.failoverwatchdog.probes.Conninfo;

/**
 * The local database's write fence, over the watchdog's own connection: no shell, no sudo, so it
 * works under the unit's hardening in well under a second. The role needs (PostgreSQL 15+): GRANT
 * ALTER SYSTEM ON PARAMETER default_transaction_read_only, EXECUTE on pg_reload_conf(), and
 * pg_signal_backend (the Ansible role grants them).
 *
 * <p>ALTER SYSTEM, not a session setting: the fence survives a restart of PostgreSQL or of the
 * whole node, so a fenced node that reboots is still no writer. Sessions of non-superusers are
 * ended so an open transaction cannot commit after the fence; superusers (repmgr) are left alone.
 */
public final class DatabaseFence {
    private static final String END_SESSIONS =
            """
            SELECT count(pg_terminate_backend(a.pid)) FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid
             WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid() AND NOT r.rolsuper""";

    private final Conninfo local;
    private final Duration timeout;

    public DatabaseFence(Conninfo local, Duration timeout) {
        this.local = local;
        this.timeout = timeout;
    }

    /**
     * Polls fresh sessions until one reports the setting on, within the timeout; returns how long
     * it took.
     */
    private long awaitNewSessionsReadOnly() throws SQLException, ActionException {
        long t0 = System.nanoTime();
        long end = t0 + timeout.toNanos();
        while (true) {
            try (Connection c =
                            DriverManager.getConnection(
                                    local.jdbcUrl(), local.jdbcProperties(timeout));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW default_transaction_read_only")) {
                rs.next();
                if ("on".equals(rs.getString(1))) return (System.nanoTime() - t0) / 1_000_000;
            }
            if (System.nanoTime() > end)
                throw new ActionException(
                        "database "
                                + local.describe()
                                + ": new sessions still writable "
                                + timeout.toMillis()
                                + " ms after the reload");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ActionException("interrupted while waiting for the fence to take effect");
            }
        }
    }

    /**
     * @return a short detail for the journal
     */
    public String setWritable(boolean writable) throws ActionException {
        try (Connection c =
                        DriverManager.getConnection(
                                local.jdbcUrl(), local.jdbcProperties(timeout));
                Statement s = c.createStatement()) {
            s.execute(
                    writable
                            ? "ALTER SYSTEM RESET default_transaction_read_only"
                            : "ALTER SYSTEM SET default_transaction_read_only = on");
            s.execute("SELECT pg_reload_conf()");
            if (writable) return "default_transaction_read_only reset";
            // The reload is asynchronous: end the sessions only once a new one starts read-only, or
            // a
            // session forked in between would stay writable.
            long seenAfter = awaitNewSessionsReadOnly();
            try (ResultSet rs = s.executeQuery(END_SESSIONS)) {
                rs.next();
                return "default_transaction_read_only = on (new sessions read-only after "
                        + seenAfter
                        + " ms); "
                        + rs.getLong(1)
                        + " sessions ended";
            }
        } catch (SQLException e) {
            String fix =
                    "42501".equals(e.getSQLState())
                            ? " (fix: GRANT ALTER SYSTEM ON PARAMETER default_transaction_read_only, EXECUTE ON FUNCTION pg_reload_conf() and pg_signal_backend to the watchdog's role)"
                            : "";
            throw new ActionException(
                    "database "
                            + local.describe()
                            + ": "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                            + fix);
        }
    }
}
