package org.failoverwatchdog.refapp.service;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.refapp.support.Http;
import org.failoverwatchdog.refapp.support.ServiceType;
import org.failoverwatchdog.refapp.support.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode "service": gateway, dataservice, edge or bastion. Registers with the router, runs the
 * heartbeat scheduler while it is the ACTIVE MASTER, and serves /health (plus edge's L7 check).
 */
public final class ServiceApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceApp.class);

    private final String type;
    private final String instanceId;
    private final DbPool db;
    private final Heartbeat heartbeat;
    private final Optional<EdgeHealth> edgeHealth;
    private Http http;
    private RegistrationClient registration;

    private ServiceApp(
            String type,
            String instanceId,
            DbPool db,
            Heartbeat heartbeat,
            Optional<EdgeHealth> edgeHealth) {
        this.type = type;
        this.instanceId = instanceId;
        this.db = db;
        this.heartbeat = heartbeat;
        this.edgeHealth = edgeHealth;
    }

    public static ServiceApp start(Settings settings) throws IOException {
        String type = settings.serviceType();
        String instanceId = settings.instanceId();
        var registra = settings.applicationRegistra();
        Duration readyDelay =
                Duration.ofMillis(settings.nonNegativeLong("REGISTRATION_DELAY_MS", 0));
        boolean stuck = settings.flag("REGISTRATION_STUCK");
        int httpPort = settings.port("HTTP_PORT", ServiceType.defaultHttpPort(type));

        // only the dataservice connects at start and stays broken if that fails (docs/DESIGN.md)
        DbPool db = DbPool.open(settings, type, type.equals("DATASERVICE"));
        Heartbeat heartbeat = new Heartbeat(db, settings.nodeName(), type);
        Optional<EdgeHealth> edgeHealth =
                type.equals("EDGE")
                        ? Optional.of(
                                new EdgeHealth(
                                        new RouterListing(
                                                settings.nodeAddress(),
                                                settings.applicationRouter(),
                                                type,
                                                instanceId,
                                                Duration.ofSeconds(2)),
                                        db))
                        : Optional.empty();
        ServiceApp app = new ServiceApp(type, instanceId, db, heartbeat, edgeHealth);
        try {
            app.http =
                    app.routes(
                                    Http.bind(
                                            type.toLowerCase(Locale.ROOT),
                                            settings.bindIp(),
                                            httpPort))
                            .start();
            app.registration =
                    new RegistrationClient(
                                    settings.nodeAddress(),
                                    registra,
                                    type,
                                    instanceId,
                                    readyDelay,
                                    stuck,
                                    app.new SchedulerSwitch())
                            .start();
        } catch (IOException | RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.info(
                "{} {} up: HTTP on {}:{}, registering with {}",
                type,
                instanceId,
                settings.bindIp(),
                app.http.port(),
                registra);
        return app;
    }

    private Http routes(Http h) {
        h.get(
                "/health",
                ex -> {
                    Optional<String> broken =
                            type.equals("DATASERVICE") ? db.brokenReason() : Optional.empty();
                    if (broken.isPresent()) {
                        Http.text(ex, 503, "DB pool broken: " + broken.get() + "\n");
                    } else {
                        Http.text(ex, 200, "ok\n");
                    }
                });
        h.get("/status", ex -> Http.json(ex, 200, status()));
        edgeHealth.ifPresent(e -> h.get("/edge/rest/health", e::handle));
        return h;
    }

    /**
     * What this instance believes about itself; for people and drills, not part of the contract.
     */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type);
        s.put("instanceId", instanceId);
        s.put("registration", registration == null ? "CONNECTING" : registration.state().name());
        s.put("role", registration == null ? null : registration.role());
        s.put("schedulerRunning", heartbeat.running());
        s.put("dbPoolBroken", db.brokenReason().orElse(null));
        return s;
    }

    public int httpPort() {
        return http.port();
    }

    public RegistrationClient registration() {
        return registration;
    }

    public boolean schedulerRunning() {
        return heartbeat.running();
    }

    /** Runs the scheduler only while this instance is the router's ACTIVE MASTER. */
    private final class SchedulerSwitch implements RegistrationClient.Listener {
        @Override
        public void onActive(String role) {
            if ("MASTER".equals(role)) {
                heartbeat.start();
            } else {
                LOG.info("{} {} is SLAVE: serving, never scheduling", type, instanceId);
            }
        }

        @Override
        public void onLost(String role) {
            heartbeat.stop("registration lost; a service without a router must not schedule");
        }
    }

    @Override
    public void close() {
        LOG.info("{} {} stopping", type, instanceId);
        if (registration != null) {
            registration.close();
        }
        heartbeat.close();
        if (http != null) {
            http.close();
        }
        edgeHealth.ifPresent(EdgeHealth::close);
        db.close();
        LOG.info("{} {} stopped", type, instanceId);
    }
}
