package org.failoverwatchdog.refapp.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MASTER's scheduler: one heartbeat row a second. The drills read these rows to check that
 * exactly one node ran schedulers at any time.
 */
public final class Heartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
    private static final String CREATE =
            "CREATE TABLE IF NOT EXISTS heartbeat("
                    + "node text, service text, at timestamptz default clock_timestamp())";
    private static final String INSERT = "INSERT INTO heartbeat(node, service) VALUES (?, ?)";
    private static final int QUERY_TIMEOUT_S = 2;

    private final DbPool pool;
    private final String node;
    private final String service;
    private ScheduledExecutorService executor;
    private boolean tableReady;
    private String lastFailure;

    public Heartbeat(DbPool pool, String node, String service) {
        this.pool = pool;
        this.node = node;
        this.service = service;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "heartbeat");
                            t.setDaemon(true);
                            return t;
                        });
        LOG.info("scheduler started: {} on {} writes a heartbeat every second", service, node);
        executor.scheduleAtFixedRate(this::beat, 0, 1, TimeUnit.SECONDS);
    }

    public synchronized void stop(String why) {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        executor = null;
        LOG.info("scheduler stopped: {}", why);
    }

    public synchronized boolean running() {
        return executor != null;
    }

    private void beat() {
        // a scheduled task that throws is silently cancelled, so nothing may escape
        try (Connection c = pool.connection()) {
            if (!tableReady) {
                try (Statement st = c.createStatement()) {
                    st.setQueryTimeout(QUERY_TIMEOUT_S);
                    st.execute(CREATE);
                }
                tableReady = true;
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setQueryTimeout(QUERY_TIMEOUT_S);
                ps.setString(1, node);
                ps.setString(2, service);
                ps.executeUpdate();
            }
            if (lastFailure != null) {
                LOG.info("heartbeat writes recovered");
                lastFailure = null;
            }
        } catch (Exception e) {
            // one line per distinct failure instead of one a second; stop() interrupts on purpose
            String failure = DbPool.describe(e);
            if (!Thread.currentThread().isInterrupted() && !failure.equals(lastFailure)) {
                LOG.warn("heartbeat write failed: {}", failure);
                lastFailure = failure;
            }
        }
    }

    @Override
    public void close() {
        stop("service stopping");
    }
}
