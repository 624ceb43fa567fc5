package org.failoverwatchdog.drills.measure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.failoverwatchdog.drills.inventory.Inventory;

/**
 * The writer: about ten inserts a second through pgpool, each with its own sequence number, and a
 * record of every one the database acknowledged (autocommit: the INSERT returned = committed). On
 * an error it moves to the other node's pgpool; a failed insert is never retried under the same
 * number, so "acknowledged" means exactly "the client was told it committed". A drill may pin it to
 * one node's pgpool for a while (the isolated primary's, whose writes are the ones at risk): then
 * an error never moves it elsewhere. Every acknowledgement keeps the node it went through and when.
 */
public final class WriterWorkload implements AutoCloseable {
    public static final String DDL =
            "CREATE TABLE IF NOT EXISTS drill_writes (id bigserial PRIMARY KEY, run text NOT NULL,"
                    + " seq int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())";
    private static final long PERIOD_MS = 100;

    /**
     * One acknowledged insert: its number, the node whose pgpool took it, when the INSERT returned.
     */
    public record Ack(int seq, String node, Instant at) {}

    private final Db db;
    private final List<Inventory.Node> nodes;
    private final String run;
    private final Set<Integer> acked = new TreeSet<>();
    private final List<Ack> acks = new ArrayList<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final List<String> errorSamples = new ArrayList<>();
    private final List<Instant> failures =
            new ArrayList<>(); // for the timeline's failures a second
    private volatile boolean stop;
    private volatile Inventory.Node pinned;
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
        Inventory.Node on = null;
        long next = System.currentTimeMillis();
        while (!stop) {
            Inventory.Node want = pinned != null ? pinned : nodes.get(target);
            if (c != null && !want.equals(on)) { // pinned or unpinned since the last insert
                Quietly.close(c);
                c = null;
            }
            try {
                if (c == null) {
                    on = want;
                    c = db.viaPgpool(on);
                    try (Statement st = c.createStatement()) {
                        st.execute(DDL);
                    }
                }
                seq++;
                try (PreparedStatement ps =
                        c.prepareStatement("INSERT INTO drill_writes (run, seq) VALUES (?, ?)")) {
                    ps.setString(1, run);
                    ps.setInt(2, seq);
                    ps.executeUpdate();
                }
                synchronized (acked) {
                    acked.add(seq);
                    acks.add(new Ack(seq, on.name(), Instant.now()));
                }
            } catch (SQLException e) {
                errors.incrementAndGet();
                Instant failed = Instant.now();
                synchronized (errorSamples) {
                    failures.add(failed);
                    if (errorSamples.size() < 20)
                        errorSamples.add(failed + " " + want.name() + ": " + e.getMessage());
                }
                Quietly.close(c);
                c = null;
                // node1's pgpool, then node2's, and round again; a pinned writer stays where it was
                // put
                if (pinned == null) target = (target + 1) % nodes.size();
            }
            next += PERIOD_MS;
            long wait = next - System.currentTimeMillis();
            if (wait > 0) {
                Quietly.sleep(wait);
            } else {
                next = System.currentTimeMillis(); // behind after a slow failure: do not burst
                // to catch up
            }
        }
        Quietly.close(c);
    }

    /** From the next insert on, write only through this node's pgpool, whatever fails. */
    public void pin(Inventory.Node n) {
        pinned = n;
    }

    /**
     * Back to the usual order (the first node's pgpool, the next one on an error). Safe to call
     * twice.
     */
    public void unpin() {
        pinned = null;
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

    /** Every acknowledgement so far, in order. */
    public List<Ack> acks() {
        synchronized (acked) {
            return List.copyOf(acks);
        }
    }

    /**
     * The sequence numbers of the acknowledgements that match (e.g. through one node after a
     * moment).
     */
    public static Set<Integer> seqs(List<Ack> acks, Predicate<Ack> which) {
        Set<Integer> out = new TreeSet<>();
        for (Ack a : acks) {
            if (which.test(a)) out.add(a.seq());
        }
        return out;
    }

    /**
     * The sequence numbers of a run that a database holds (the read-back for the lost-writes
     * count).
     */
    public static Set<Integer> present(Connection c, String run) throws SQLException {
        Set<Integer> out = new HashSet<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT seq FROM drill_writes WHERE run = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getInt(1));
            }
        }
        return out;
    }

    public int errors() {
        return errors.get();
    }

    public List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }

    /** When each failed insert (or connect) was given up, in order. */
    public List<Instant> failureTimes() {
        synchronized (errorSamples) {
            return List.copyOf(failures);
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
