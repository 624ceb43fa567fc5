package org.failoverwatchdog.refapp.service;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.failoverwatchdog.refapp.support.Http;

/**
 * GET /edge/rest/health, what the load balancer checks: 200 only when the router lists this edge
 * ACTIVE and SELECT 1 through pgpool answers. Both checks run in parallel and the answer comes
 * within about 2.5 s whatever the state of the router and the database.
 */
final class EdgeHealth implements AutoCloseable {

    private static final long ANSWER_WITHIN_MS = 2_500;

    private final RouterListing router;
    private final DbPool db;
    private final ExecutorService checks =
            Executors.newFixedThreadPool(
                    4,
                    r -> {
                        Thread t = new Thread(r, "edge-health");
                        t.setDaemon(true);
                        return t;
                    });

    EdgeHealth(RouterListing router, DbPool db) {
        this.router = router;
        this.db = db;
    }

    void handle(HttpExchange exchange) throws IOException {
        List<String> problems = problems();
        if (problems.isEmpty()) {
            Http.text(exchange, 200, "ok\n");
        } else {
            Http.text(exchange, 503, String.join("\n", problems) + "\n");
        }
    }

    List<String> problems() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_WITHIN_MS);
        CompletableFuture<Optional<String>> routerCheck =
                CompletableFuture.supplyAsync(router::whyNotActive, checks);
        CompletableFuture<Optional<String>> dbCheck =
                CompletableFuture.supplyAsync(this::whyDbNotAnswering, checks);
        List<String> problems = new ArrayList<>();
        await(routerCheck, deadline, "router check").ifPresent(problems::add);
        await(dbCheck, deadline, "database check").ifPresent(problems::add);
        return problems;
    }

    private Optional<String> whyDbNotAnswering() {
        try (Connection c = db.connection();
                Statement st = c.createStatement()) {
            st.setQueryTimeout(2);
            st.execute("SELECT 1");
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("database: SELECT 1 through pgpool failed: " + DbPool.describe(e));
        }
    }

    private static Optional<String> await(
            CompletableFuture<Optional<String>> f, long deadline, String what) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return Optional.of(what + ": no answer in time");
        } catch (ExecutionException e) {
            return Optional.of(what + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(what + ": interrupted");
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
