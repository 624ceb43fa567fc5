package org.failoverwatchdog.drills.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.failoverwatchdog.drills.observe.HealthSample;
import org.failoverwatchdog.drills.observe.LbProbe;

/**
 * Probes the LB once a second, every second: each probe runs on its own thread so a slow answer (up
 * to the 3 s timeout) never delays or skips the next second's probe.
 */
public final class HealthPoller implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    private final LbProbe probe;
    private final List<HealthSample> samples = new ArrayList<>();
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(daemon("lb-ticker"));
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("lb-probe"));

    public HealthPoller(LbProbe probe) {
        this.probe = probe;
    }

    public HealthPoller start() {
        ticker.scheduleAtFixedRate(
                () ->
                        workers.submit(
                                () -> {
                                    HealthSample s = probe.probe();
                                    synchronized (samples) {
                                        samples.add(s);
                                    }
                                }),
                0,
                INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    public List<HealthSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops and waits for the last measurements; safe to call twice. */
    public void stop() {
        ticker.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(4, TimeUnit.SECONDS); // let the last probes report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
