package org.failoverwatchdog.probes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Compose project's containers by service, selected by the com.docker.compose.* labels so
 * Compose v1 (proj_svc_1) and v2 (proj-svc-1) names both work.
 */
public final class ContainerProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DockerApi docker;

    public ContainerProbe(DockerApi docker) {
        this.docker = docker;
    }

    /** service -> container; a service with no container is absent from the map. */
    public Observed<Map<String, ContainerState>> observe(String project) {
        Stopwatch sw = Stopwatch.start();
        try {
            String filter =
                    URLEncoder.encode(
                            "{\"label\":[\"com.docker.compose.project=" + project + "\"]}",
                            StandardCharsets.UTF_8);
            JsonNode list = JSON.readTree(docker.get("/containers/json?all=1&filters=" + filter));
            Map<String, ContainerState> out = new TreeMap<>();
            for (JsonNode c : list) {
                String service = c.path("Labels").path("com.docker.compose.service").asText("");
                if (service.isEmpty()) continue;
                ContainerState state = inspect(service, c.path("Id").asText());
                // With several containers for one service (scale, or a leftover), the running one
                // is the one that matters.
                out.merge(service, state, (a, b) -> a.running() ? a : b);
            }
            return Observed.known(out, sw.elapsed());
        } catch (IOException e) {
            return Observed.unknown(e.getMessage(), sw.elapsed());
        }
    }

    private ContainerState inspect(String service, String id) throws IOException {
        JsonNode c = JSON.readTree(docker.get("/containers/" + id + "/json"));
        JsonNode st = c.path("State");
        String health = st.path("Health").path("Status").asText("none");
        return new ContainerState(
                service,
                id,
                c.path("Name").asText("").replaceFirst("^/", ""),
                st.path("Status").asText("unknown"),
                health.isEmpty() ? "none" : health,
                instant(st.path("StartedAt").asText("")),
                c.path("RestartCount").asInt(0));
    }

    private static Instant instant(String s) {
        try {
            return s.isEmpty() ? Instant.EPOCH : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
