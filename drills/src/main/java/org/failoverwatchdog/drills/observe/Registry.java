package org.failoverwatchdog.drills.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The active router's registry (GET /router/rest/status, docs/CONTRACTS.md). */
public record Registry(String routerNodeIp, List<Entry> entries) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Registry {
        entries = List.copyOf(entries);
    }

    public record Entry(String type, String nodeIp, String role, String status) {}

    /** Empty when the text is not a registry (no router, HTML, half an answer). */
    public static Optional<Registry> parse(String json) {
        if (json == null || json.isBlank()) return Optional.empty();
        try {
            JsonNode o = JSON.readTree(json);
            if (o == null || !o.path("services").isArray()) return Optional.empty();
            List<Entry> es = new ArrayList<>();
            for (JsonNode s : o.path("services")) {
                es.add(
                        new Entry(
                                s.path("type").asText(""),
                                s.path("nodeIp").asText(""),
                                s.path("role").asText(""),
                                s.path("status").asText("")));
            }
            return Optional.of(new Registry(o.path("router").path("nodeIp").asText(""), es));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    public boolean active(String type, String nodeIp) {
        return entries.stream()
                .anyMatch(
                        e ->
                                e.type().equals(type)
                                        && e.nodeIp().equals(nodeIp)
                                        && e.status().equals("ACTIVE"));
    }
}
