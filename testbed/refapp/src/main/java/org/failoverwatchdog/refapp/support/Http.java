package org.failoverwatchdog.refapp.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small wrapper around the JDK HttpServer: bind, route GETs, answer with fixed-length bodies. */
public final class Http implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Http.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private Http(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static Http bind(String name, String bindIp, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bindIp, port), 32);
        AtomicInteger n = new AtomicInteger();
        // a few threads, so a slow check (edge health) never blocks /health
        ExecutorService executor =
                Executors.newFixedThreadPool(
                        4,
                        r -> {
                            Thread t = new Thread(r, name + "-http-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(executor);
        return new Http(server, executor);
    }

    /** Routes GET (and HEAD) on exactly {@code path} to {@code handler}; other paths get 404. */
    public Http get(String path, HttpHandler handler) {
        server.createContext(
                path,
                exchange -> {
                    try (exchange) {
                        if (!exchange.getRequestURI().getPath().equals(path)) {
                            text(exchange, 404, "not found\n");
                        } else if (!exchange.getRequestMethod().equals("GET")
                                && !exchange.getRequestMethod().equals("HEAD")) {
                            text(exchange, 405, "method not allowed\n");
                        } else {
                            handler.handle(exchange);
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.warn(
                                "HTTP {} {} failed: {}",
                                exchange.getRequestMethod(),
                                exchange.getRequestURI(),
                                e.toString());
                    }
                });
        return this;
    }

    public Http start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        // stop(n) of JDK 17 waits the whole n seconds even when idle; our answers are short anyway
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", body);
    }

    public static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", Json.MAPPER.writeValueAsString(body));
    }

    public static void send(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
