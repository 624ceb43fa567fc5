package org.failoverwatchdog.drills.observe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.remote.Shell;

/**
 * Takes a {@link ClusterState}: both nodes and the LB at once, so a dead node does not delay the
 * others.
 */
public final class ClusterObserver implements AutoCloseable {
    private final Inventory inv;
    private final Map<String, Shell> shells;
    private final NodeFactsReader reader;
    private final LbProbe lb;
    private final ExecutorService pool =
            Executors.newFixedThreadPool(
                    4,
                    r -> {
                        Thread t = new Thread(r, "observer");
                        t.setDaemon(true);
                        return t;
                    });

    public ClusterObserver(Inventory inv, Map<String, Shell> shells) {
        this.inv = inv;
        this.shells = shells;
        this.reader = new NodeFactsReader(inv);
        this.lb = new LbProbe(inv.lb());
    }

    public ClusterState observe(boolean full) {
        Instant start = Instant.now(); // the state is stamped with when the look began
        List<CompletableFuture<NodeFacts>> fs = new ArrayList<>();
        for (Inventory.Node n : inv.dataNodes()) {
            fs.add(
                    CompletableFuture.supplyAsync(
                            () -> reader.read(n, shells.get(n.name()), full), pool));
        }
        CompletableFuture<HealthSample> code = CompletableFuture.supplyAsync(lb::probe, pool);
        Map<String, String> backends =
                inv.lb()
                        .statsCsvUrl()
                        .map(u -> LbStats.fetch(u, inv.lb().statsBackend().orElse("")))
                        .orElse(Map.of());
        List<NodeFacts> facts = fs.stream().map(CompletableFuture::join).toList();
        return new ClusterState(start, facts, code.join(), backends);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
