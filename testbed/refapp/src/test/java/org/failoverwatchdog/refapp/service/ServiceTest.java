package org.failoverwatchdog.refapp.service;

import static org.awaitility.Awaitility.await;
import static org.failoverwatchdog.refapp.TestSupport.WAIT;
import static org.failoverwatchdog.refapp.TestSupport.get;
import static org.failoverwatchdog.refapp.TestSupport.router;
import static org.failoverwatchdog.refapp.TestSupport.service;
import static org.failoverwatchdog.refapp.TestSupport.services;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.failoverwatchdog.refapp.router.RouterApp;
import org.failoverwatchdog.refapp.support.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceTest {

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private RouterApp startRouter(int httpPort, int registraPort) throws Exception {
        RouterApp r = RouterApp.start(router(httpPort, registraPort));
        started.add(r);
        return r;
    }

    private ServiceApp startService(Settings settings) throws Exception {
        ServiceApp s = ServiceApp.start(settings);
        started.add(s);
        return s;
    }

    private static JsonNode only(RouterApp router) {
        JsonNode list = services(router.httpPort());
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    @Test
    void registersFromNodeIpAndBecomesActiveAfterTheDelay() throws Exception {
        RouterApp router = startRouter(0, 0);
        ServiceApp svc =
                startService(
                        service(
                                "GATEWAY",
                                router.httpPort(),
                                router.registrationPort(),
                                "NODE_IP",
                                "127.0.0.12",
                                "REGISTRATION_DELAY_MS",
                                "1500"));
        await().atMost(WAIT).until(() -> services(router.httpPort()).size() == 1);
        JsonNode entry = only(router);
        assertEquals(
                "STARTING", entry.get("status").asText(), "READY only after REGISTRATION_DELAY_MS");
        assertEquals(
                "127.0.0.12", entry.get("nodeIp").asText(), "outgoing socket bound to NODE_IP");
        assertEquals("gateway@127.0.0.12", entry.get("instanceId").asText());
        assertEquals("MASTER", entry.get("role").asText());
        await().atMost(WAIT).until(() -> "ACTIVE".equals(only(router).get("status").asText()));
        await().atMost(WAIT).until(svc::schedulerRunning);
        assertEquals(RegistrationClient.State.ACTIVE, svc.registration().state());
    }

    @Test
    void secondInstanceOfATypeIsSlaveAndNeverSchedules() throws Exception {
        RouterApp router = startRouter(0, 0);
        ServiceApp a =
                startService(
                        service(
                                "BASTION",
                                router.httpPort(),
                                router.registrationPort(),
                                "NODE_IP",
                                "127.0.0.11"));
        await().atMost(WAIT).until(a::schedulerRunning);
        ServiceApp b =
                startService(
                        service(
                                "BASTION",
                                router.httpPort(),
                                router.registrationPort(),
                                "NODE_IP",
                                "127.0.0.12"));
        await().atMost(WAIT)
                .until(() -> b.registration().state() == RegistrationClient.State.ACTIVE);
        assertEquals("SLAVE", b.registration().role());
        assertFalse(b.schedulerRunning());
    }

    @Test
    void retriesEverySecondUntilTheRouterIsThere() throws Exception {
        int httpPort;
        int registraPort;
        try (ServerSocket a = new ServerSocket(0);
                ServerSocket b = new ServerSocket(0)) {
            httpPort = a.getLocalPort();
            registraPort = b.getLocalPort();
        }
        ServiceApp svc = startService(service("DATASERVICE", httpPort, registraPort));
        assertEquals(RegistrationClient.State.CONNECTING, svc.registration().state());
        RouterApp router = startRouter(httpPort, registraPort);
        await().atMost(WAIT)
                .until(
                        () ->
                                services(router.httpPort()).size() == 1
                                        && "ACTIVE".equals(only(router).get("status").asText()));
    }

    @Test
    void doesNotRegisterAgainAfterTheRouterRestarts() throws Exception {
        RouterApp first = RouterApp.start(router(0, 0));
        int httpPort = first.httpPort();
        int registraPort = first.registrationPort();
        ServiceApp svc;
        try {
            svc = startService(service("EDGE", httpPort, registraPort));
            await().atMost(WAIT).until(svc::schedulerRunning);
        } finally {
            first.close();
        }
        await().atMost(WAIT)
                .until(() -> svc.registration().state() == RegistrationClient.State.LOST);
        await().atMost(WAIT).until(() -> !svc.registration().isAlive());
        assertFalse(svc.schedulerRunning(), "a service that lost its router stops its scheduler");

        RouterApp second = startRouter(httpPort, registraPort);
        // longer than the 1 s retry interval: a re-registration would show up by then
        await().during(Duration.ofMillis(2_500))
                .atMost(Duration.ofSeconds(4))
                .until(() -> services(second.httpPort()).isEmpty());
        assertEquals(RegistrationClient.State.LOST, svc.registration().state());
    }

    @Test
    void stuckRegistrationStaysStarting() throws Exception {
        RouterApp router = startRouter(0, 0);
        ServiceApp svc =
                startService(
                        service(
                                "EDGE",
                                router.httpPort(),
                                router.registrationPort(),
                                "REGISTRATION_STUCK",
                                "true"));
        await().atMost(WAIT).until(() -> services(router.httpPort()).size() == 1);
        await().during(Duration.ofMillis(1_500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> "STARTING".equals(only(router).get("status").asText()));
        assertEquals(RegistrationClient.State.STARTING, svc.registration().state());
        assertFalse(svc.schedulerRunning(), "a MASTER that never became ACTIVE does not schedule");

        HttpResponse<String> edge = get(svc.httpPort(), "/edge/rest/health");
        assertEquals(503, edge.statusCode());
        assertTrue(edge.body().contains("as STARTING, not ACTIVE"), edge.body());
        assertEquals(
                200,
                get(svc.httpPort(), "/health").statusCode(),
                "Docker healthy is not router ACTIVE");
    }

    @Test
    void edgeHealthNeedsTheDatabaseEvenWhenActive() throws Exception {
        RouterApp router = startRouter(0, 0);
        ServiceApp svc =
                startService(
                        service(
                                "EDGE",
                                router.httpPort(),
                                router.registrationPort(),
                                "DB_URL",
                                "jdbc:postgresql://127.0.0.1:" + closedPort() + "/app"));
        await().atMost(WAIT)
                .until(() -> svc.registration().state() == RegistrationClient.State.ACTIVE);
        HttpResponse<String> edge = get(svc.httpPort(), "/edge/rest/health");
        assertEquals(503, edge.statusCode());
        assertTrue(edge.body().startsWith("database:"), edge.body());
        assertFalse(edge.body().contains("router"), "the router lists it ACTIVE: " + edge.body());
    }

    @Test
    void edgeHealthAnswersPromptlyWhenTheRouterIsGone() throws Exception {
        int httpPort = closedPort();
        ServiceApp svc = startService(service("EDGE", httpPort, closedPort()));
        long t0 = System.nanoTime();
        HttpResponse<String> edge = get(svc.httpPort(), "/edge/rest/health");
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos());
        assertEquals(503, edge.statusCode());
        assertTrue(edge.body().contains("unreachable"), edge.body());
        assertTrue(edge.body().contains("DB_URL is not set"), edge.body());
    }

    @Test
    void dataserviceWhoseFirstConnectionFailsIsUnhealthyForGood() throws Exception {
        RouterApp router = startRouter(0, 0);
        ServiceApp svc =
                startService(
                        service(
                                "DATASERVICE",
                                router.httpPort(),
                                router.registrationPort(),
                                "DB_URL",
                                "jdbc:postgresql://127.0.0.1:" + closedPort() + "/app",
                                "DB_USER",
                                "app"));
        HttpResponse<String> health = get(svc.httpPort(), "/health");
        assertEquals(503, health.statusCode());
        assertTrue(health.body().contains("first connection"), health.body());
        // it still registers: Docker and the router see it, only the pool is dead
        await().atMost(WAIT)
                .until(() -> svc.registration().state() == RegistrationClient.State.ACTIVE);
        assertEquals(503, get(svc.httpPort(), "/health").statusCode());
    }

    @Test
    void closingTheServiceClosesItsRegistration() throws Exception {
        RouterApp router = startRouter(0, 0);
        ServiceApp svc =
                ServiceApp.start(service("GATEWAY", router.httpPort(), router.registrationPort()));
        try {
            await().atMost(WAIT).until(() -> services(router.httpPort()).size() == 1);
        } finally {
            svc.close();
        }
        await().atMost(WAIT).until(() -> services(router.httpPort()).isEmpty());
        assertEquals(RegistrationClient.State.STOPPED, svc.registration().state());
    }

    /** A loopback port with nothing listening (connections are refused at once). */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
