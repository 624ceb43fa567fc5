package org.failoverwatchdog.convergence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.failoverwatchdog.probes.Conninfo;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.PairPauseTable;

/**
 * Writes the pair's pause on the primary (`failover-watchdog pause` and `resume`): one row, which
 * streaming replication carries to the standby. Over the watchdog role's own connection, which may
 * change that one table ({@link PairPauseTable}).
 *
 * <p>Each write asks for a read-write transaction: the pause is the operator's, not the
 * application's, and goes in while the fence holds the primary read-only too (pausing a pair in
 * trouble is when it is needed most). It never writes to a standby.
 */
public final class PairPauseWriter {
    private static final String CURRENT =
            "SELECT paused_by, paused_on, paused_at, reason FROM "
                    + PairPauseTable.NAME
                    + " WHERE pair FOR UPDATE";
    private static final String UPSERT =
            "INSERT INTO "
                    + PairPauseTable.NAME
                    + " (pair, paused_by, paused_on, paused_at, reason) VALUES (true, ?, ?, now(), ?)"
                    + " ON CONFLICT (pair) DO UPDATE SET paused_by = excluded.paused_by, paused_on = excluded.paused_on,"
                    + " paused_at = excluded.paused_at, reason = excluded.reason RETURNING paused_at";
    private static final String DELETE =
            "DELETE FROM "
                    + PairPauseTable.NAME
                    + " WHERE pair RETURNING paused_by, paused_on, paused_at, reason";

    private final Conninfo primary;
    private final Duration timeout;

    /**
     * @param primary the database that answered as primary
     * @param timeout bounds the connect and every read
     */
    public PairPauseWriter(Conninfo primary, Duration timeout) {
        this.primary = primary;
        this.timeout = timeout;
    }

    /**
     * @param now the row as written (its time is the primary's)
     * @param before the pause it replaced, when the pair was paused already
     */
    public record Written(PairPause.Paused now, Optional<PairPause.Paused> before) {}

    public Written pause(String by, String on, String reason) throws ActionException {
        try (Connection c = connect()) {
            Optional<PairPause.Paused> before;
            PairPause.Paused now;
            try (Statement s = c.createStatement()) {
                readWrite(s);
                try (ResultSet rs = s.executeQuery(CURRENT)) {
                    before = rs.next() ? Optional.of(paused(rs)) : Optional.empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, by);
                ps.setString(2, on);
                ps.setString(3, reason);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    now =
                            new PairPause.Paused(
                                    by,
                                    on,
                                    rs.getObject(1, OffsetDateTime.class).toInstant(),
                                    reason);
                }
            }
            c.commit();
            return new Written(now, before);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * @return what the table held: the pause it removed, or that there was none (no row, or no
     *     table: then nobody can have paused the pair)
     */
    public PairPause resume() throws ActionException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            readWrite(s);
            PairPause was;
            try (ResultSet rs = s.executeQuery(DELETE)) {
                was = rs.next() ? paused(rs) : new PairPause.NotPaused();
            }
            c.commit();
            return was;
        } catch (SQLException e) {
            if (PairPauseTable.missing(e)) return new PairPause.NoTable();
            throw failed(e);
        }
    }

    private Connection connect() throws SQLException, ActionException {
        Connection c =
                DriverManager.getConnection(primary.jdbcUrl(), primary.jdbcProperties(timeout));
        try {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    throw new ActionException(
                            "PostgreSQL "
                                    + primary.describe()
                                    + " is a standby now, not the primary: nothing written (run it again)");
                }
            }
            c.setAutoCommit(false);
            return c;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    /** The first statement of the transaction: writable even while the fence holds. */
    private static void readWrite(Statement s) throws SQLException {
        s.execute("SET TRANSACTION READ WRITE");
    }

    private static PairPause.Paused paused(ResultSet rs) throws SQLException {
        return new PairPause.Paused(
                rs.getString(1),
                rs.getString(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getString(4));
    }

    private ActionException failed(SQLException e) {
        return new ActionException(
                "PostgreSQL "
                        + primary.describe()
                        + ": "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                        + PairPauseTable.fix(e, primary.user()));
    }
}
