package org.failoverwatchdog.probes;

import java.sql.SQLException;

/**
 * Where the pair's pause lives: one row in failover_watchdog.pause, in the database the watchdog's
 * conninfos name, created on the primary (by the Ansible role, as a superuser) and replicated. The
 * watchdog's role may read and change that one table and nothing else there: the tick reads it,
 * `pause` and `resume` (run as root with the same config and passfile, so as the same role) write
 * it.
 */
public final class PairPauseTable {
    public static final String SCHEMA = "failover_watchdog";
    public static final String NAME = SCHEMA + ".pause";

    /**
     * A column for the role query: whether the table exists, from the catalog, which every role may
     * read, so it never fails (to_regclass would, on a schema without USAGE).
     */
    static final String EXISTS =
            "EXISTS (SELECT FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = '"
                    + SCHEMA
                    + "' AND c.relname = 'pause')";

    static final String SELECT =
            "SELECT paused_by, paused_on, paused_at, reason FROM " + NAME + " WHERE pair";

    /**
     * What the role may do with the table, without an error for what is missing (the oid forms of
     * has_*_privilege take NULL for a missing object).
     */
    static final String ACCESS =
            """
            SELECT c.oid IS NOT NULL,
                   coalesce(has_schema_privilege(n.oid, 'USAGE'), false),
                   coalesce(has_table_privilege(c.oid, 'SELECT'), false),
                   coalesce(has_table_privilege(c.oid, 'INSERT'), false),
                   coalesce(has_table_privilege(c.oid, 'UPDATE'), false),
                   coalesce(has_table_privilege(c.oid, 'DELETE'), false)
              FROM (SELECT 1) one
              LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = 'failover_watchdog'
              LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = 'pause'""";

    private PairPauseTable() {}

    /**
     * What the watchdog's role may do with the table, for `check`.
     *
     * @param table the table exists
     * @param usage USAGE on its schema, without which nothing in it can be named
     */
    public record Access(
            boolean table,
            boolean usage,
            boolean select,
            boolean insert,
            boolean update,
            boolean delete) {
        /** What the tick needs: to read it. */
        public boolean readable() {
            return table && usage && select;
        }

        /** What pause and resume need besides. */
        public boolean writable() {
            return readable() && insert && update && delete;
        }
    }

    /**
     * The schema, the table and the grants, for a superuser on the primary (it replicates); every
     * statement is idempotent. The Ansible role runs the same (PairPauseTableTest keeps them
     * equal).
     *
     * @param role the watchdog's database role
     */
    public static String setupSql(String role) {
        String r = "\"" + role.replace("\"", "\"\"") + "\"";
        return """
                CREATE SCHEMA IF NOT EXISTS failover_watchdog;
                CREATE TABLE IF NOT EXISTS failover_watchdog.pause (
                    pair boolean PRIMARY KEY DEFAULT true CHECK (pair),
                    paused_by text NOT NULL,
                    paused_on text NOT NULL,
                    paused_at timestamptz NOT NULL DEFAULT now(),
                    reason text NOT NULL);
                GRANT USAGE ON SCHEMA failover_watchdog TO %s;
                GRANT SELECT, INSERT, UPDATE, DELETE ON failover_watchdog.pause TO %s;
                """
                .formatted(r, r);
    }

    /** The same on one line, for a fix in a message. */
    public static String setupSqlLine(String role) {
        return setupSql(role).strip().replaceAll("\\s+", " ").replace("( ", "(");
    }

    /** The grants alone, for the fix of a role that may not use the table. */
    public static String grantSql(String role) {
        return setupSql(role)
                .lines()
                .filter(l -> l.startsWith("GRANT"))
                .reduce("", (a, b) -> a + (a.isEmpty() ? "" : " ") + b);
    }

    /** The table or its schema is not there: 42P01 undefined_table, 3F000 invalid_schema_name. */
    public static boolean missing(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState());
    }

    /** The fix for an error on the table, by its SQLSTATE; empty when there is none to name. */
    public static String fix(SQLException e, String role) {
        if ("42501".equals(e.getSQLState()))
            return " (fix: on the primary, as a superuser: " + grantSql(role) + ")";
        if (missing(e))
            return " (fix: run the Ansible playbook again, which creates it on the primary, or run there as a superuser: "
                    + setupSqlLine(role)
                    + ")";
        return "";
    }
}
