package org.failoverwatchdog.probes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The reference router's answer: {"services":[{"type","nodeIp","role","status","instanceId"}]}
 * (docs/CONTRACTS.md).
 */
public final class JeremyRouterAdapter implements RegistryAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ROLES = Set.of("MASTER", "SLAVE");
    private static final Set<String> STATUSES = Set.of("STARTING", "ACTIVE");

    @Override
    public List<RegistryEntry> parse(String body) throws MalformedAnswer {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedAnswer("not JSON: " + preview(body));
        }
        JsonNode services = root == null ? null : root.get("services");
        if (services == null || !services.isArray()) {
            throw new MalformedAnswer("no \"services\" array in the answer: " + preview(body));
        }
        List<RegistryEntry> out = new ArrayList<>();
        int i = 0;
        for (JsonNode s : services) {
            String type = text(s, "type", i);
            String nodeIp = text(s, "nodeIp", i);
            String role = text(s, "role", i);
            String status = text(s, "status", i);
            if (!ROLES.contains(role))
                throw new MalformedAnswer(
                        "services[" + i + "].role is '" + role + "', expected MASTER or SLAVE");
            if (!STATUSES.contains(status))
                throw new MalformedAnswer(
                        "services["
                                + i
                                + "].status is '"
                                + status
                                + "', expected STARTING or ACTIVE");
            JsonNode id = s.get("instanceId");
            out.add(new RegistryEntry(type, nodeIp, role, status, id == null ? "" : id.asText()));
            i++;
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode s, String field, int i) throws MalformedAnswer {
        JsonNode v = s.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new MalformedAnswer(
                    "services[" + i + "]." + field + " is missing or not a string");
        }
        return v.asText();
    }

    private static String preview(String body) {
        String flat = body.replaceAll("\\s+", " ").strip();
        return "'" + (flat.length() > 60 ? flat.substring(0, 60) + "..." : flat) + "'";
    }
}
