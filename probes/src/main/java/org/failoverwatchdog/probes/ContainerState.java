package org.failoverwatchdog.probes;

import java.time.Instant;

/**
 * One Compose service's container as Docker reports it.
 *
 * @param status Docker's State.Status: created, running, restarting, exited, paused, dead, removing
 * @param health State.Health.Status (healthy, unhealthy, starting) or "none" without a healthcheck
 * @param startedAt when the current run began (Instant.EPOCH if never started)
 */
public record ContainerState(
        String service,
        String id,
        String name,
        String status,
        String health,
        Instant startedAt,
        int restartCount) {
    public boolean running() {
        return "running".equals(status);
    }

    public boolean healthy() {
        return running() && ("healthy".equals(health) || "none".equals(health));
    }

    public String describe() {
        return status + ("none".equals(health) ? "" : "/" + health);
    }
}
