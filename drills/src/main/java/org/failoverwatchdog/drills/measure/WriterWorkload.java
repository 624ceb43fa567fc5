package org.failoverwatchdog.drills.measure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.failoverwatchdog.drills.inventory.Inventory;

/**
 * The writer: about ten inserts a second through pgpool, each with its own sequence number, and a
 * record of every one the database acknowledged (autocommit: the INSERT returned = committed). On
 * an error it moves to the other node's pgpool; a failed insert is never retried under the same
 * number, so "acknowledged" means exactly "the client was told it committed".
 */
public final class WriterWorkload implements AutoCloseable {
    public static final String DDL = "CREATE TABLE IF NOT EXISTS drill_writes (id bigserial PRIMARY KEY, run text NOT NULL,"
            + " seq int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())";
    private static final long PERIOD_MS = 100;

    private final Db db;
    private final List<Inventory.Node> nodes;
    private final String run;
    private final Set<Integer> acked = new TreeSet<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final List<String> errorSamples = new ArrayList<>();
    private volatile boolean stop;
    private Thread thread;

    public WriterWorkload(Db db, List<Inventory.Node> nodes, String run) {
        this.db = db;
        this.nodes = List.copyOf(nodes);
        this.run = run;
    }

    public WriterWorkload start() {
        thread = new Thread(this::loop, "writer");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        int seq = 0, target = 0;
        Connection c = null;
        long next = System.currentTimeMillis();
        while (!stop) {
            try {
                if (c == null) {
                    c = db.viaPgpool(nodes.get(target));
                    try (Statement st = c.createStatement()) {
                        st.execute(DDL);
                    }
                }
                seq++;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO drill_writes (run, seq) VALUES (?, ?)")) {
                    ps.setString(1, run);
                    ps.setInt(2, seq);
                    ps.executeUpdate();
                }
                synchronized (acked) {
                    acked.add(seq);
                }
            } catch (SQLException e) {
                errors.incrementAndGet();
                synchronized (errorSamples) {
                    if (errorSamples.size() < 20) errorSamples.add(java.time.Instant.now() + " " + nodes.get(target).name() + ": " + e.getMessage());
                }
                Quietly.close(c);
                c = null;
                target = (target + 1) % nodes.size(); // node1's pgpool, then node2's, and round again
            }
            next += PERIOD_MS;
            long wait = next - System.currentTimeMillis();
            if (wait > 0) {
                Quietly.sleep(wait);
            } else {
                next = System.currentTimeMillis(); // behind after a slow failure: do not burst to catch up
            }
        }
        Quietly.close(c);
    }

    public int acknowledgedCount() {
        synchronized (acked) {
            return acked.size();
        }
    }

    public Set<Integer> acknowledged() {
        synchronized (acked) {
            return new TreeSet<>(acked);
        }
    }

    public int errors() {
        return errors.get();
    }

    public List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }

    public String run() {
        return run;
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops and waits for the last measurements; safe to call twice. */
    public void stop() {
        stop = true;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
