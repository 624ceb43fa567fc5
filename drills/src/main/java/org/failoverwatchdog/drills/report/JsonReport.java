package org.failoverwatchdog.drills.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.drills.run.IterationResult;

/**
 * The same results as JSON: the table's rows plus every iteration's details (phases, checks,
 * journal).
 */
public final class JsonReport {
    // Instants as ISO-8601 strings, both ways (the chart reads results.json back); no extra Jackson
    // module (java.time support) is needed for that.
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .registerModule(
                            new SimpleModule()
                                    .addSerializer(Instant.class, ToStringSerializer.instance)
                                    .addDeserializer(
                                            Instant.class,
                                            new FromStringDeserializer<Instant>(Instant.class) {
                                                @Override
                                                protected Instant _deserialize(
                                                        String v, DeserializationContext c) {
                                                    return Instant.parse(v);
                                                }
                                            }))
                    .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static String render(
            Instant generated,
            String inventory,
            List<DrillSummary> rows,
            List<IterationResult> iterations) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generatedAt", generated);
        root.put("inventory", inventory);
        root.put("passed", rows.stream().allMatch(DrillSummary::passed));
        root.put("summary", rows);
        root.put("iterations", iterations);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results do not serialize: " + e.getMessage(), e);
        }
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
