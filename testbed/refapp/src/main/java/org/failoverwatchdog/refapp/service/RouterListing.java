package org.failoverwatchdog.refapp.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.failoverwatchdog.refapp.support.HostPort;
import org.failoverwatchdog.refapp.support.Json;
import org.failoverwatchdog.refapp.support.MiniHttpClient;

/** Asks the router at APPLICATION_ROUTER how it lists one instance. */
final class RouterListing {

    private final Optional<InetAddress> localAddress;
    private final HostPort router;
    private final String type;
    private final String instanceId;
    private final Duration timeout;

    RouterListing(
            Optional<InetAddress> localAddress,
            URI applicationRouter,
            String type,
            String instanceId,
            Duration timeout) {
        this.localAddress = localAddress;
        this.router =
                new HostPort(
                        applicationRouter.getHost(),
                        applicationRouter.getPort() > 0 ? applicationRouter.getPort() : 9000);
        this.type = type;
        this.instanceId = instanceId;
        this.timeout = timeout;
        warmUp();
    }

    /**
     * Loads the JSON classes at start, so the first health check is not slowed by class loading.
     */
    private static void warmUp() {
        try {
            Json.MAPPER.readTree("{\"services\":[{\"type\":\"EDGE\"}]}");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empty when the router lists this instance ACTIVE, else why not. */
    Optional<String> whyNotActive() {
        MiniHttpClient.Response r;
        try {
            r = MiniHttpClient.get(localAddress, router, "/router/rest/status", timeout);
        } catch (IOException e) {
            return Optional.of("router " + router + " unreachable: " + e.getMessage());
        }
        if (r.status() != 200) {
            return Optional.of("router " + router + " answered HTTP " + r.status());
        }
        JsonNode services;
        try {
            services = Json.MAPPER.readTree(r.body()).path("services");
        } catch (IOException e) {
            return Optional.of(
                    "router " + router + " sent an unreadable status: " + e.getMessage());
        }
        String seen = null;
        for (JsonNode s : services) {
            if (type.equals(s.path("type").asText())
                    && instanceId.equals(s.path("instanceId").asText())) {
                if ("ACTIVE".equals(s.path("status").asText())) {
                    return Optional.empty();
                }
                seen = s.path("status").asText();
            }
        }
        return Optional.of(
                seen == null
                        ? "router " + router + " does not list " + type + " " + instanceId
                        : "router "
                                + router
                                + " lists "
                                + type
                                + " "
                                + instanceId
                                + " as "
                                + seen
                                + ", not ACTIVE");
    }
}
