package org.failoverwatchdog.convergence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;

/**
 * The one Jackson mapper of the watchdog's own JSON: the files it keeps (state.json, monitor.json,
 * the journal's lines) and the CLI's --json outputs, each a record bound by it. Made once per
 * process (the guard's ticks and a cold tick alike reuse it): a mapper caches its (de)serializers,
 * so only the first read or write of a record type pays for the introspection.
 *
 * <p>Reading is strict about types (no "true" for true, no 1 for "1": a file that says something
 * else than the watchdog writes is reported, with the field) and lenient about fields it does not
 * know (a file written by a newer or older version still reads). {@link Instant} is ISO-8601 text
 * both ways, as {@link Instant#toString()} and {@link Instant#parse} have always written and read
 * it; no jsr310 module (fewer classes for a cold tick to load).
 */
public final class Json {
    private Json() {}

    public static final ObjectMapper MAPPER = mapper();

    /** Pretty-printed, as state.json, monitor.json and the CLI's outputs have always been. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    /** One line, as the journal's entries. */
    public static final ObjectWriter LINE = MAPPER.writer();

    private static ObjectMapper mapper() {
        SimpleModule times = new SimpleModule("watchdog-times");
        times.addSerializer(Instant.class, ToStringSerializer.instance);
        times.addDeserializer(Instant.class, new InstantText());
        // Not JsonMapper.builder(): the same mapper, fewer classes for a cold tick.
        @SuppressWarnings("deprecation") // configure(MapperFeature): the builder is what it prefers
        ObjectMapper m =
                new ObjectMapper()
                        .registerModule(times)
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        for (CoercionInputShape shape :
                new CoercionInputShape[] {
                    CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
                }) m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        return m;
    }

    /** An ISO-8601 time in a JSON string; anything else names the field and the value. */
    private static final class InstantText extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantText() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.hasToken(JsonToken.VALUE_STRING) ? p.getText() : null;
            if (text != null) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    // reported below with the value
                }
            }
            String shown =
                    text != null ? text : p.currentToken().isScalarValue() ? p.getText() : "";
            if (!p.currentToken().isScalarValue()) p.skipChildren();
            throw InvalidFormatException.from(p, "not an ISO-8601 time", shown, Instant.class);
        }
    }

    /**
     * What is wrong with a document that could not be read or bound: "{@code not JSON (line 3)}"
     * when it is not JSON at all (also when the text ends inside a record: a torn write), else
     * {@link #problem(JsonMappingException)}.
     */
    public static String problemIn(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException r)
                return "not JSON"
                        + (r.getLocation() == null
                                ? ""
                                : " (line " + r.getLocation().getLineNr() + ")");
        }
        return e instanceof JsonMappingException m ? problem(m) : e.getOriginalMessage();
    }

    /**
     * Where in the document a binding failed, as the dotted path the error messages name: {@code
     * repairs.edge.times}, {@code notes[2]}; empty for the document itself.
     */
    public static String field(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * What is wrong, in the words of the error messages before the records: "{@code rule3Promoted
     * is not true/false}", "{@code routerAbsentSince is not an ISO-8601 time: 'yesterday'}". The
     * field is named (dotted, from the document's root); a record that fails its own check says
     * why.
     */
    public static String problem(JsonMappingException e) {
        String field = field(e);
        String what = field.isEmpty() ? "the document" : field;
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> t = m.getTargetType();
            if (t == Instant.class)
                return what
                        + " is not an ISO-8601 time"
                        + (e instanceof InvalidFormatException f ? ": '" + f.getValue() + "'" : "");
            if (field.isEmpty() && t.isRecord()) return "not a JSON object";
            return what + " is not " + expected(t);
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message =
                cause.getMessage() == null
                        ? cause.toString()
                        : cause == e ? e.getOriginalMessage() : cause.getMessage();
        return field.isEmpty() ? message : what + ": " + message;
    }

    private static String expected(Class<?> t) {
        if (t == Boolean.class || t == boolean.class) return "true/false";
        if (t == String.class) return "a string";
        if (Number.class.isAssignableFrom(t) || (t.isPrimitive() && t != boolean.class))
            return "a number";
        if (Collection.class.isAssignableFrom(t)) return "a list";
        if (Map.class.isAssignableFrom(t)) return "an object";
        if (t.isRecord()) {
            StringBuilder sb = new StringBuilder("an object {");
            var components = t.getRecordComponents();
            for (int i = 0; i < components.length; i++)
                sb.append(i == 0 ? "" : ", ").append(components[i].getName());
            return sb.append('}').toString();
        }
        return "a " + t.getSimpleName();
    }
}
