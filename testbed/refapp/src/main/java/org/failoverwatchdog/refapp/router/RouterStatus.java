package org.failoverwatchdog.refapp.router;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.refapp.support.Http;

/** GET /router/rest/status: the JSON document fixed in docs/CONTRACTS.md. */
final class RouterStatus {

    private final Registry registry;
    private final Optional<String> nodeIp;
    private final Instant startedAt;

    RouterStatus(Registry registry, Optional<String> nodeIp, Instant startedAt) {
        this.registry = registry;
        this.nodeIp = nodeIp;
        this.startedAt = startedAt;
    }

    void handle(HttpExchange exchange) throws IOException {
        Http.json(
                exchange, 200, document(exchange.getLocalAddress().getAddress().getHostAddress()));
    }

    Map<String, Object> document(String arrivedOn) {
        Map<String, Object> router = new LinkedHashMap<>();
        router.put("nodeIp", nodeIp.orElse(arrivedOn));
        router.put("startedAt", startedAt.toString());
        List<Map<String, Object>> services = new ArrayList<>();
        for (Entry e : registry.snapshot()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", e.type());
            s.put("instanceId", e.instanceId());
            s.put("nodeIp", e.nodeIp());
            s.put("role", e.role().name());
            s.put("status", e.status().name());
            s.put("registeredAt", e.registeredAt().toString());
            services.add(s);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("router", router);
        doc.put("services", services);
        return doc;
    }
}
