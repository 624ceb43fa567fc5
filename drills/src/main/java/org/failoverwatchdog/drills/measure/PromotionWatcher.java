package org.failoverwatchdog.drills.measure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.drills.inventory.Inventory;

/**
 * Asks each node's PostgreSQL directly, every half second, whether it is in recovery: the moment a
 * node other than the old primary answers "no" is the DB promotion. One thread per node, so a dead
 * node's connect timeout never delays the survivor's answer.
 */
public final class PromotionWatcher implements AutoCloseable {
    private static final long PERIOD_MS = 500;
    private final Db db;
    private final List<Inventory.Node> nodes;
    private final List<RoleSample> samples = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    public PromotionWatcher(Db db, List<Inventory.Node> nodes) {
        this.db = db;
        this.nodes = List.copyOf(nodes);
    }

    public PromotionWatcher start() {
        for (Inventory.Node n : nodes) {
            Thread t = new Thread(() -> loop(n), "role-" + n.name());
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return this;
    }

    private void loop(Inventory.Node n) {
        Connection c = null;
        long next = System.currentTimeMillis();
        while (!stop) {
            String role;
            try {
                if (c == null) c = db.direct(n);
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                    rs.next();
                    role = rs.getBoolean(1) ? "STANDBY" : "PRIMARY";
                }
            } catch (SQLException e) {
                role = "DOWN";
                Quietly.close(c);
                c = null;
            }
            synchronized (samples) {
                samples.add(new RoleSample(n.name(), Instant.now(), role));
            }
            next += PERIOD_MS;
            long wait = next - System.currentTimeMillis();
            if (wait > 0) Quietly.sleep(wait);
            else next = System.currentTimeMillis();
        }
        Quietly.close(c);
    }

    public List<RoleSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** First time after from that a node other than oldPrimary answered as primary. */
    public static Optional<Instant> promotedAfter(
            List<RoleSample> samples, String oldPrimary, Instant from) {
        return samples.stream()
                .filter(
                        s ->
                                !s.node().equals(oldPrimary)
                                        && s.role().equals("PRIMARY")
                                        && !s.at().isBefore(from))
                .map(RoleSample::at)
                .min(Instant::compareTo);
    }

    /**
     * Of the nodes whose latest answer is "primary", the one that became primary last (its current
     * run of primary answers began latest): with two primaries, the promoted one, whose timeline is
     * newer.
     */
    public static Optional<String> newestPrimary(List<RoleSample> samples) {
        Map<String, Instant> since = new HashMap<>();
        Map<String, String> latest = new HashMap<>();
        for (RoleSample s :
                samples.stream().sorted(java.util.Comparator.comparing(RoleSample::at)).toList()) {
            if (s.role().equals("PRIMARY") && !"PRIMARY".equals(latest.get(s.node())))
                since.put(s.node(), s.at());
            latest.put(s.node(), s.role());
        }
        return since.entrySet().stream()
                .filter(e -> "PRIMARY".equals(latest.get(e.getKey())))
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey);
    }

    /**
     * Most nodes that answered "primary" at the same time (by their latest answers): 2 = two
     * primaries.
     */
    public static int maxConcurrentPrimaries(List<RoleSample> samples) {
        Map<String, String> latest = new HashMap<>();
        int max = 0;
        for (RoleSample s :
                samples.stream().sorted(java.util.Comparator.comparing(RoleSample::at)).toList()) {
            latest.put(s.node(), s.role());
            max = Math.max(max, (int) latest.values().stream().filter("PRIMARY"::equals).count());
        }
        return max;
    }

    /**
     * Seconds between from and to during which at least two nodes' latest answers were "primary"
     * (both databases not in recovery: both would accept a write unless something else refuses it).
     * Each answer stands until the same node's next one.
     */
    public static double secondsWithTwoPrimaries(
            List<RoleSample> samples, Instant from, Instant to) {
        Map<String, String> latest = new HashMap<>();
        List<Timeline.Point> points = new ArrayList<>();
        for (RoleSample s :
                samples.stream().sorted(java.util.Comparator.comparing(RoleSample::at)).toList()) {
            latest.put(s.node(), s.role());
            points.add(
                    new Timeline.Point(
                            s.at(),
                            latest.values().stream().filter("PRIMARY"::equals).count() >= 2));
        }
        return Timeline.seconds(points, from, to);
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops and waits for the last measurements; safe to call twice. */
    public void stop() {
        stop = true;
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
