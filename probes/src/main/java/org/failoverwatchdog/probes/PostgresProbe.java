package org.failoverwatchdog.probes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads a PostgreSQL's role (the local one's, the peer's), the pair's pause, its standbys'
 * replication lag, and runs SELECT 1 through the pooler. Read-only SQL only. The password comes
 * from the libpq passfile that pgjdbc reads (system property org.postgresql.pgpassfile, set by the
 * CLI from the config's passfile).
 */
public final class PostgresProbe {
    private static final String ROLE_SQL =
            """
            SELECT pg_is_in_recovery(),
                   CASE WHEN pg_is_in_recovery()
                        THEN (SELECT received_tli FROM pg_stat_wal_receiver)
                        ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int
                   END,
                   CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text
                        ELSE pg_current_wal_lsn()::text END,
                   current_setting('default_transaction_read_only')::bool,
                   (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming')""";

    /** The role, and whether the pair's pause table exists (the tick's read: one round trip). */
    private static final String ROLE_AND_PAUSE_TABLE_SQL =
            ROLE_SQL + ",\n       " + PairPauseTable.EXISTS;

    /**
     * The primary's view of each standby: bytes its replay is behind the primary's current WAL
     * position, and replay_lag as the primary measured it. Without pg_read_all_stats (pg_monitor
     * has it) every column but pid is NULL for another role's walsender: the last column tells.
     */
    static final String REPLICAS_SQL =
            """
            SELECT application_name,
                   host(client_addr),
                   state,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint,
                   extract(epoch FROM replay_lag)::float8,
                   pg_has_role('pg_read_all_stats', 'USAGE')
              FROM pg_stat_replication""";

    /**
     * A standby's own view (no grant needed): WAL received but not replayed, and the age of the
     * last replayed commit.
     */
    static final String REPLAY_SQL =
            """
            SELECT pg_is_in_recovery(),
                   pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::bigint,
                   extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8""";

    private final Duration timeout;

    public PostgresProbe(Duration timeout) {
        this.timeout = timeout;
    }

    public Observed<DbState> role(Conninfo conninfo) {
        Stopwatch sw = Stopwatch.start();
        try (Connection c = connect(conninfo)) {
            return Observed.known(readRole(c), sw.elapsed());
        } catch (SQLException e) {
            return failed(conninfo, e, sw);
        }
    }

    /**
     * The role and the pair's pause over one connection, as the tick reads its own database: the
     * role query also says whether the pause table exists, and only then is it read (one more
     * query). The role stands even when the pause cannot be read.
     */
    public DbReading roleAndPause(Conninfo conninfo) {
        Stopwatch sw = Stopwatch.start();
        try (Connection c = connect(conninfo)) {
            DbState role;
            boolean table;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(ROLE_AND_PAUSE_TABLE_SQL)) {
                rs.next();
                role = readRole(rs);
                table = rs.getBoolean(6);
            }
            Observed<DbState> r = Observed.known(role, sw.elapsed());
            if (!table)
                return new DbReading(r, Observed.known(new PairPause.NoTable(), sw.elapsed()));
            return new DbReading(r, readPause(c, conninfo, sw));
        } catch (SQLException e) {
            return new DbReading(failed(conninfo, e, sw), pauseFailed(conninfo, e, sw));
        }
    }

    /** The pair's pause alone, as one database shows it (list, pause's wait for the standby). */
    public Observed<PairPause> pairPause(Conninfo conninfo) {
        Stopwatch sw = Stopwatch.start();
        try (Connection c = connect(conninfo)) {
            return pairPause(c, conninfo, sw);
        } catch (SQLException e) {
            return pauseFailed(conninfo, e, sw);
        }
    }

    /** What the role may do with the pause table (`check`). */
    public Observed<PairPauseTable.Access> pairPauseAccess(Conninfo conninfo) {
        Stopwatch sw = Stopwatch.start();
        try (Connection c = connect(conninfo);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(PairPauseTable.ACCESS)) {
            rs.next();
            return Observed.known(
                    new PairPauseTable.Access(
                            rs.getBoolean(1),
                            rs.getBoolean(2),
                            rs.getBoolean(3),
                            rs.getBoolean(4),
                            rs.getBoolean(5),
                            rs.getBoolean(6)),
                    sw.elapsed());
        } catch (SQLException e) {
            return Observed.unknown(
                    "PostgreSQL " + conninfo.describe() + ": " + explain(e), sw.elapsed());
        }
    }

    private static Observed<PairPause> pairPause(Connection c, Conninfo conninfo, Stopwatch sw)
            throws SQLException {
        boolean table;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + PairPauseTable.EXISTS)) {
            rs.next();
            table = rs.getBoolean(1);
        }
        if (!table) return Observed.known(new PairPause.NoTable(), sw.elapsed());
        return readPause(c, conninfo, sw);
    }

    /**
     * Reads the row; a failure here is the pause's alone. Only a table that is not there (dropped
     * since the catalog said it was) means "not paused": any other error is UNKNOWN.
     */
    private static Observed<PairPause> readPause(Connection c, Conninfo conninfo, Stopwatch sw) {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(PairPauseTable.SELECT)) {
            if (!rs.next()) return Observed.known(new PairPause.NotPaused(), sw.elapsed());
            return Observed.known(
                    new PairPause.Paused(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                            rs.getString(4)),
                    sw.elapsed());
        } catch (SQLException e) {
            if (PairPauseTable.missing(e))
                return Observed.known(new PairPause.NoTable(), sw.elapsed());
            return Observed.unknown(
                    PairPauseTable.NAME
                            + " on "
                            + conninfo.describe()
                            + ": "
                            + explain(e)
                            + PairPauseTable.fix(e, conninfo.user()),
                    sw.elapsed());
        }
    }

    private static Observed<PairPause> pauseFailed(
            Conninfo conninfo, SQLException e, Stopwatch sw) {
        return Observed.unknown(
                "PostgreSQL "
                        + conninfo.describe()
                        + (refused(e) ? " refuses connections (down)" : ": " + explain(e)),
                sw.elapsed());
    }

    /**
     * The role over one kept connection, for a caller that asks every second (the guard): a fresh
     * connection's TLS handshake and SCRAM exchange cost tens of milliseconds of CPU, the query on
     * an open one well under one. A failed read drops the connection; the next read opens another.
     */
    public final class Session implements AutoCloseable {
        private final Conninfo conninfo;
        private Connection connection;

        private Session(Conninfo conninfo) {
            this.conninfo = conninfo;
        }

        public Observed<DbState> role() {
            Stopwatch sw = Stopwatch.start();
            try {
                if (connection == null) connection = connect(conninfo);
                return Observed.known(readRole(connection), sw.elapsed());
            } catch (SQLException e) {
                close();
                return failed(conninfo, e, sw);
            }
        }

        /**
         * The role alone (pg_is_in_recovery(), nothing else to read): the guard's watch between its
         * samples, four times a second.
         */
        public Observed<DbRole> roleOnly() {
            Stopwatch sw = Stopwatch.start();
            try {
                if (connection == null) connection = connect(conninfo);
                try (Statement st = connection.createStatement();
                        ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                    rs.next();
                    return Observed.known(
                            rs.getBoolean(1) ? DbRole.STANDBY : DbRole.PRIMARY, sw.elapsed());
                }
            } catch (SQLException e) {
                close();
                return failed(conninfo, e, sw).map(DbState::role);
            }
        }

        /** The pair's pause over the kept connection (pause's wait for the standby). */
        public Observed<PairPause> pairPause() {
            Stopwatch sw = Stopwatch.start();
            try {
                if (connection == null) connection = connect(conninfo);
                return PostgresProbe.pairPause(connection, conninfo, sw);
            } catch (SQLException e) {
                close();
                return pauseFailed(conninfo, e, sw);
            }
        }

        @Override
        public void close() {
            if (connection == null) return;
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing a broken connection: nothing left to do.
            }
            connection = null;
        }
    }

    public Session session(Conninfo conninfo) {
        return new Session(conninfo);
    }

    private static DbState readRole(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(ROLE_SQL)) {
            rs.next();
            return readRole(rs);
        }
    }

    private static DbState readRole(ResultSet rs) throws SQLException {
        DbRole role = rs.getBoolean(1) ? DbRole.STANDBY : DbRole.PRIMARY;
        long tli = rs.getLong(2); // 0 when a standby has no WAL receiver (e.g. its primary is gone)
        return new DbState(role, tli, rs.getString(3), rs.getBoolean(4), rs.getInt(5));
    }

    private static Observed<DbState> failed(Conninfo conninfo, SQLException e, Stopwatch sw) {
        if (refused(e)) return Observed.known(DbState.down(), sw.elapsed());
        return Observed.unknown(
                "PostgreSQL " + conninfo.describe() + ": " + explain(e), sw.elapsed());
    }

    /**
     * The server's host answered that nothing listens on the port (a timeout or an auth error is no
     * such answer).
     */
    private static boolean refused(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException) return true;
        }
        return false;
    }

    /**
     * The standbys of a primary, from its pg_stat_replication; UNKNOWN (with the grant to fix it)
     * when the role may not see them.
     */
    public Observed<List<ReplicaLag>> replicas(Conninfo primary) {
        Stopwatch sw = Stopwatch.start();
        try (Connection c = connect(primary);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(REPLICAS_SQL)) {
            List<ReplicaLag> out = new ArrayList<>();
            while (rs.next()) {
                if (!rs.getBoolean(6)) {
                    return Observed.unknown(
                            "PostgreSQL "
                                    + primary.describe()
                                    + ": pg_stat_replication hides the standbys' details from this role"
                                    + " (fix: GRANT pg_monitor TO "
                                    + primary.user()
                                    + ")",
                            sw.elapsed());
                }
                long bytes = rs.getLong(4);
                OptionalLong replayBytes =
                        rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(bytes);
                double seconds = rs.getDouble(5);
                OptionalDouble replaySeconds =
                        rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(seconds);
                out.add(
                        new ReplicaLag(
                                rs.getString(1),
                                Optional.ofNullable(rs.getString(2)),
                                rs.getString(3),
                                replayBytes,
                                replaySeconds));
            }
            return Observed.known(List.copyOf(out), sw.elapsed());
        } catch (SQLException e) {
            return Observed.unknown(
                    "PostgreSQL " + primary.describe() + ": " + explain(e), sw.elapsed());
        }
    }

    /** A standby's own view of its replay; UNKNOWN when it is not in recovery. */
    public Observed<StandbyReplay> replay(Conninfo standby) {
        Stopwatch sw = Stopwatch.start();
        try (Connection c = connect(standby);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(REPLAY_SQL)) {
            rs.next();
            if (!rs.getBoolean(1))
                return Observed.unknown(
                        "PostgreSQL " + standby.describe() + " is not a standby (not in recovery)",
                        sw.elapsed());
            long bytes = rs.getLong(2);
            OptionalLong received = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(bytes);
            double seconds = rs.getDouble(3);
            OptionalDouble since =
                    rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(seconds);
            return Observed.known(new StandbyReplay(received, since), sw.elapsed());
        } catch (SQLException e) {
            return Observed.unknown(
                    "PostgreSQL " + standby.describe() + ": " + explain(e), sw.elapsed());
        }
    }

    /**
     * SELECT 1 through the pooler: a failure here is an observation (the pooler does not serve),
     * not UNKNOWN.
     */
    public Observed<Answer> selectOne(Conninfo conninfo) {
        Stopwatch sw = Stopwatch.start();
        try (Connection c = connect(conninfo);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return Observed.known(Answer.yes(sw.elapsed().toMillis() + " ms"), sw.elapsed());
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())) {
                // Refused credentials say nothing about whether the pooler serves: UNKNOWN, and the
                // fix.
                return Observed.unknown(
                        "pooler " + conninfo.describe() + ": " + explain(e), sw.elapsed());
            }
            return Observed.known(Answer.no(explain(e)), sw.elapsed());
        }
    }

    private Connection connect(Conninfo conninfo) throws SQLException {
        Connection c =
                DriverManager.getConnection(conninfo.jdbcUrl(), conninfo.jdbcProperties(timeout));
        c.setReadOnly(true);
        return c;
    }

    private static String explain(SQLException e) {
        String state = e.getSQLState();
        String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        if ("28P01".equals(state)) {
            return msg
                    + " (fix: the password for this user in the passfile named by postgres.passfile)";
        }
        if (msg.contains("no password was provided")) {
            return msg
                    + " (fix: add a host:port:dbname:user:password line for it to the passfile named by postgres.passfile)";
        }
        if ("28000".equals(state)) {
            return msg + " (fix: pg_hba.conf on the server must allow this user from this host)";
        }
        return msg;
    }
}
