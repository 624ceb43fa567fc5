package org.failoverwatchdog.refapp.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.failoverwatchdog.refapp.support.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HikariCP pool through pgpool. The password comes only from the libpq passfile named
 * by PGPASSFILE, which pgjdbc (42.3+) reads itself when no password is given; this class never sees
 * it. A pool can be "broken": unconfigured, or (fail-fast mode, the dataservice) its first
 * connection failed, after which it stays broken for good, as the reference deployment's did (why
 * the convergence gates on pgpool first: docs/DESIGN.md).
 */
public final class DbPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DbPool.class);

    private final HikariDataSource dataSource;
    private final String brokenReason;

    private DbPool(HikariDataSource dataSource, String brokenReason) {
        this.dataSource = dataSource;
        this.brokenReason = brokenReason;
    }

    /**
     * @param failFast true: try the first connection now and stay broken if it fails; false: start
     *     without connecting and keep trying on demand.
     */
    public static DbPool open(Settings settings, String serviceType, boolean failFast) {
        Optional<String> url = settings.get("DB_URL");
        if (url.isEmpty()) {
            return broken("DB_URL is not set");
        }
        if (url.get().matches("(?i).*[?&;]password=.*")) {
            return broken("DB_URL must not carry a password; the password comes from PGPASSFILE");
        }
        checkPassfile(settings);
        HikariConfig cfg = config(settings, url.get(), serviceType, failFast);
        String where = url.get().replaceFirst("\\?.*$", "");
        try {
            HikariDataSource ds = new HikariDataSource(cfg);
            LOG.info(
                    "DB pool for {} started on {}{}",
                    serviceType,
                    where,
                    failFast ? " (first connection succeeded)" : "");
            return new DbPool(ds, null);
        } catch (RuntimeException e) {
            String reason = "first connection to " + where + " failed: " + rootCause(e);
            LOG.error("DB pool for {} is broken for good: {}", serviceType, reason);
            return broken(reason);
        }
    }

    private static HikariConfig config(
            Settings settings, String url, String serviceType, boolean failFast) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("refapp-" + serviceType.toLowerCase(Locale.ROOT));
        cfg.setDriverClassName("org.postgresql.Driver");
        cfg.setJdbcUrl(url);
        settings.get("DB_USER").ifPresent(cfg::setUsername);
        cfg.setMaximumPoolSize(3);
        cfg.setMinimumIdle(1);
        // Every wait on the database is bounded. A caller waits at most 2 s for a pooled
        // connection;
        // establishing one (TCP, TLS, SCRAM through pgpool, in a JVM that is just starting beside
        // others) may take longer on a busy host, and the fail-fast first connection runs on the
        // caller's thread: a slow start must not count as "pgpool not ready", a refusal does.
        cfg.setConnectionTimeout(2_000);
        cfg.setValidationTimeout(1_000);
        cfg.setInitializationFailTimeout(failFast ? 1 : -1);
        cfg.addDataSourceProperty("connectTimeout", "5");
        cfg.addDataSourceProperty("loginTimeout", "15");
        cfg.addDataSourceProperty("socketTimeout", "5");
        cfg.addDataSourceProperty("tcpKeepAlive", "true");
        cfg.addDataSourceProperty(
                "ApplicationName", "refapp-" + serviceType.toLowerCase(Locale.ROOT));
        settings.get("NODE_IP")
                .ifPresent(ip -> cfg.addDataSourceProperty("localSocketAddress", ip));
        return cfg;
    }

    /** Warns early about a passfile pgjdbc cannot use; never reads or logs its content. */
    private static void checkPassfile(Settings settings) {
        Optional<String> passfile = settings.get("PGPASSFILE");
        if (passfile.isEmpty()) {
            LOG.warn(
                    "PGPASSFILE is not set; connecting without a password (pgjdbc falls back to ~/.pgpass)");
        } else if (!Files.isReadable(Path.of(passfile.get()))) {
            LOG.warn(
                    "PGPASSFILE {} is not readable; connecting without a password", passfile.get());
        }
    }

    private static DbPool broken(String reason) {
        return new DbPool(null, reason);
    }

    /** The innermost cause, which names the real problem (refused, auth failed, ...). */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /**
     * A failure and, when different, its root cause: Hikari's timeout hides why connecting failed.
     */
    static String describe(Throwable e) {
        String root = rootCause(e);
        String top = e.getClass().getSimpleName() + ": " + e.getMessage();
        return top.equals(root) ? top : top + " (cause: " + root + ")";
    }

    /** Why this pool can never give a connection, or empty when it can. */
    public Optional<String> brokenReason() {
        return Optional.ofNullable(brokenReason);
    }

    /** A pooled connection, within the pool's 2 s connection timeout. */
    public Connection connection() throws SQLException {
        if (dataSource == null) {
            throw new SQLException("DB pool is broken: " + brokenReason);
        }
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
