package org.failoverwatchdog.refapp.router;

import static org.awaitility.Awaitility.await;
import static org.failoverwatchdog.refapp.TestSupport.WAIT;
import static org.failoverwatchdog.refapp.TestSupport.address;
import static org.failoverwatchdog.refapp.TestSupport.get;
import static org.failoverwatchdog.refapp.TestSupport.router;
import static org.failoverwatchdog.refapp.TestSupport.services;
import static org.failoverwatchdog.refapp.TestSupport.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.failoverwatchdog.refapp.RawRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final String ISO_SECONDS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

    private RouterApp router;
    private final List<RawRegistration> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        router = RouterApp.start(router(0, 0));
    }

    @AfterEach
    void stop() throws Exception {
        for (RawRegistration c : clients) {
            c.close();
        }
        router.close();
    }

    private RawRegistration client() throws Exception {
        RawRegistration c = new RawRegistration(router.registrationPort());
        clients.add(c);
        return c;
    }

    @Test
    void firstOfATypeIsMasterLaterOnesSlave() throws Exception {
        assertEquals("ROLE MASTER", client().register("GATEWAY", "gateway@a"));
        assertEquals("ROLE SLAVE", client().register("GATEWAY", "gateway@b"));
        assertEquals("ROLE MASTER", client().register("EDGE", "edge@a"));
        assertEquals("ROLE SLAVE", client().register("EDGE", "edge@b"));
    }

    @Test
    void nextRegistrationIsMasterOnceTheMasterIsGoneButSlavesStaySlaves() throws Exception {
        RawRegistration master = client();
        assertEquals("ROLE MASTER", master.register("BASTION", "bastion@a"));
        assertEquals("ROLE SLAVE", client().register("BASTION", "bastion@b"));
        master.close();
        await().atMost(WAIT).until(() -> services(router.httpPort()).size() == 1);
        assertEquals("SLAVE", services(router.httpPort()).get(0).get("role").asText());
        assertEquals("ROLE MASTER", client().register("BASTION", "bastion@c"));
    }

    @Test
    void entryIsStartingUntilReadyThenActive() throws Exception {
        RawRegistration c = client();
        assertEquals("ROLE MASTER", c.register("EDGE", "edge@a"));
        assertEquals("STARTING", services(router.httpPort()).get(0).get("status").asText());
        assertEquals("OK", c.send("READY"));
        assertEquals("ACTIVE", services(router.httpPort()).get(0).get("status").asText());
    }

    @Test
    void entryIsDroppedWhenItsConnectionCloses() throws Exception {
        RawRegistration c = client();
        c.register("DATASERVICE", "dataservice@a");
        c.send("READY");
        assertEquals(1, services(router.httpPort()).size());
        c.close();
        await().atMost(WAIT).until(() -> services(router.httpPort()).isEmpty());
    }

    @Test
    void nodeIpIsTheSourceAddressOfTheRegistrationSocket() throws Exception {
        RawRegistration c = new RawRegistration(address("127.0.0.12"), router.registrationPort());
        clients.add(c);
        c.register("GATEWAY", "gateway@whatever-it-claims");
        assertEquals("127.0.0.12", services(router.httpPort()).get(0).get("nodeIp").asText());
    }

    @Test
    void statusDocumentHasExactlyTheContractShape() throws Exception {
        RawRegistration c = client();
        c.register("EDGE", "edge@127.0.0.1");
        c.send("READY");
        HttpResponse<String> r = get(router.httpPort(), "/router/rest/status");
        assertEquals(200, r.statusCode());
        assertTrue(
                r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

        JsonNode doc = status(router.httpPort());
        assertEquals(Set.of("router", "services"), fields(doc));
        assertEquals(Set.of("nodeIp", "startedAt"), fields(doc.get("router")));
        assertEquals(
                "127.0.0.1",
                doc.get("router").get("nodeIp").asText(),
                "NODE_IP unset: address the request arrived on");
        assertTrue(doc.get("router").get("startedAt").asText().matches(ISO_SECONDS));
        assertTrue(doc.get("services").isArray());
        JsonNode s = doc.get("services").get(0);
        assertEquals(
                Set.of("type", "instanceId", "nodeIp", "role", "status", "registeredAt"),
                fields(s));
        assertEquals("EDGE", s.get("type").asText());
        assertEquals("edge@127.0.0.1", s.get("instanceId").asText());
        assertEquals("127.0.0.1", s.get("nodeIp").asText());
        assertEquals("MASTER", s.get("role").asText());
        assertEquals("ACTIVE", s.get("status").asText());
        assertTrue(s.get("registeredAt").asText().matches(ISO_SECONDS));
    }

    @Test
    void routerNodeIpIsNodeIpWhenSet() throws Exception {
        try (RouterApp withNodeIp = RouterApp.start(router(0, 0, "NODE_IP", "10.77.0.11"))) {
            assertEquals(
                    "10.77.0.11",
                    status(withNodeIp.httpPort()).get("router").get("nodeIp").asText());
        }
    }

    @Test
    void healthEndpointsAnswerOk() throws Exception {
        HttpResponse<String> r = get(router.httpPort(), "/router/rest/health");
        assertEquals(200, r.statusCode());
        assertEquals("ok", r.body());
        assertEquals(200, get(router.httpPort(), "/health").statusCode());
        assertEquals(404, get(router.httpPort(), "/router/rest/nothing").statusCode());
    }

    @Test
    void malformedRegistrationIsRejectedAndNotRecorded() throws Exception {
        RawRegistration c = client();
        assertTrue(c.send("HELLO there").startsWith("ERR "));
        assertNull(c.readLine(), "the router closes the connection after ERR");
        assertTrue(services(router.httpPort()).isEmpty());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
