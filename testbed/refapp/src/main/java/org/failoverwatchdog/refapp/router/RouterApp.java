package org.failoverwatchdog.refapp.router;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.failoverwatchdog.refapp.support.Http;
import org.failoverwatchdog.refapp.support.Json;
import org.failoverwatchdog.refapp.support.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mode "router": the in-memory service registry with its HTTP status and registration socket. */
public final class RouterApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouterApp.class);

    private final RegistrationServer registration;
    private final Http http;

    private RouterApp(RegistrationServer registration, Http http) {
        this.registration = registration;
        this.http = http;
    }

    public static RouterApp start(Settings settings) throws IOException {
        String bindIp = settings.bindIp();
        int serverPort = settings.port("SERVER_PORT", 9000);
        int registraPort = settings.port("REGISTRA_PORT", 40905);
        Registry registry = new Registry();
        RouterStatus status =
                new RouterStatus(
                        registry,
                        settings.get("NODE_IP"),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS));
        // load Jackson now: a cold first status request can otherwise miss a 2 s client timeout
        Json.MAPPER.writeValueAsString(status.document(bindIp));
        Http http =
                Http.bind("router", bindIp, serverPort)
                        .get("/router/rest/status", status::handle)
                        .get("/router/rest/health", ex -> Http.text(ex, 200, "ok"))
                        .get("/health", ex -> Http.text(ex, 200, "ok"));
        RegistrationServer registration;
        try {
            registration = new RegistrationServer(bindIp, registraPort, registry);
        } catch (IOException e) {
            http.close();
            throw e;
        }
        http.start();
        RouterApp app = new RouterApp(registration, http);
        LOG.info(
                "router up: HTTP on {}:{}, registration on {}:{}",
                bindIp,
                http.port(),
                bindIp,
                registration.port());
        return app;
    }

    public int httpPort() {
        return http.port();
    }

    public int registrationPort() {
        return registration.port();
    }

    @Override
    public void close() {
        LOG.info("router stopping");
        registration.close();
        http.close();
        LOG.info("router stopped");
    }
}
