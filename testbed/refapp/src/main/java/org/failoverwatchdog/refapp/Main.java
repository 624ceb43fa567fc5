package org.failoverwatchdog.refapp;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.failoverwatchdog.refapp.router.RouterApp;
import org.failoverwatchdog.refapp.service.ServiceApp;
import org.failoverwatchdog.refapp.support.Settings;
import org.failoverwatchdog.refapp.ui.UiApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Entry point: {@code java -jar refapp.jar router|service|ui}, or the mode from REFAPP_MODE. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        String mode =
                (args.length > 0 ? args[0] : System.getenv().getOrDefault("REFAPP_MODE", ""))
                        .trim()
                        .toLowerCase(Locale.ROOT);
        AutoCloseable app;
        try {
            app = start(mode, Settings.fromSystemEnv());
        } catch (IllegalArgumentException e) {
            LOG.error("configuration error: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (IOException e) {
            LOG.error("cannot start {}: {}", mode, e.toString());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (docker stop): close the registration socket and the HTTP server cleanly
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        app.close();
                                    } catch (Exception e) {
                                        LOG.warn("error while stopping: {}", e.toString());
                                    } finally {
                                        stopped.countDown();
                                    }
                                },
                                "shutdown"));
        try {
            while (!stopped.await(1, TimeUnit.SECONDS)) {
                // all work happens on daemon threads; the main thread only keeps the JVM alive
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static AutoCloseable start(String mode, Settings settings) throws IOException {
        switch (mode) {
            case "router":
                return RouterApp.start(settings);
            case "service":
                return ServiceApp.start(settings);
            case "ui":
                return UiApp.start(settings);
            default:
                throw new IllegalArgumentException(
                        "mode must be router, service or ui (argument or REFAPP_MODE), got '"
                                + mode
                                + "'");
        }
    }
}
