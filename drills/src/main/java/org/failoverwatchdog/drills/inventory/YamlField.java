package org.failoverwatchdog.drills.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One field of the inventory with its dotted path and line, so that every error can name the
 * field and say how to fix it. Uses SnakeYAML's node graph because object mapping loses the marks.
 */
final class YamlField {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");
    private final String source;
    private final String path;
    private final Node node;

    YamlField(String source, String path, Node node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    String path() {
        return path;
    }

    InventoryException error(String problem, String fix) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        return new InventoryException(source + (line > 0 ? ":" + line : "") + ": "
                + (path.isEmpty() ? "" : path + ": ") + problem + " (fix: " + fix + ")");
    }

    private Map<String, NodeTuple> mapping() throws InventoryException {
        if (!(node instanceof MappingNode m)) {
            throw error("expected a mapping of fields", "indent the fields of " + (path.isEmpty() ? "the file" : path) + " under it");
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) out.put(k.getValue(), t);
        }
        return out;
    }

    /** A typo must not silently fall back to a default, so unknown fields are refused. */
    YamlField allowOnly(Set<String> fields) throws InventoryException {
        for (Map.Entry<String, NodeTuple> e : mapping().entrySet()) {
            if (!fields.contains(e.getKey())) {
                throw new YamlField(source, join(e.getKey()), e.getValue().getKeyNode())
                        .error("unknown field '" + e.getKey() + "'", "use one of " + new TreeSet<>(fields));
            }
        }
        return this;
    }

    Optional<YamlField> opt(String field) throws InventoryException {
        NodeTuple t = mapping().get(field);
        if (t == null) return Optional.empty();
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s && s.getTag().getValue().endsWith(":null")) return Optional.empty();
        return Optional.of(new YamlField(source, join(field), v));
    }

    YamlField req(String field, String fix) throws InventoryException {
        return opt(field).orElseThrow(() -> error("missing field '" + field + "'", fix));
    }

    private String join(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    String string() throws InventoryException {
        if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
            throw error("expected a non-empty value", "write a value after the colon");
        }
        return s.getValue().strip();
    }

    String stringOr(String field, String fallback) throws InventoryException {
        Optional<YamlField> f = opt(field);
        return f.isPresent() ? f.get().string() : fallback;
    }

    int integer(int min, int max) throws InventoryException {
        String s = string();
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) throw error(v + " is out of range", "use a number from " + min + " to " + max);
            return v;
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not a whole number", "use a number from " + min + " to " + max);
        }
    }

    int intOr(String field, int fallback, int min, int max) throws InventoryException {
        Optional<YamlField> f = opt(field);
        return f.isPresent() ? f.get().integer(min, max) : fallback;
    }

    boolean bool() throws InventoryException {
        String s = string();
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        throw error("'" + s + "' is not true or false", "write true or false");
    }

    boolean boolOr(String field, boolean fallback) throws InventoryException {
        Optional<YamlField> f = opt(field);
        return f.isPresent() ? f.get().bool() : fallback;
    }

    Duration duration(Duration min, Duration max) throws InventoryException {
        String s = string();
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) throw error("'" + s + "' is not a duration", "write a number with a unit: 500ms, 3s, 2m");
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw error(s + " is out of range", "use a duration from " + min.toMillis() + "ms to " + max.toSeconds() + "s");
        }
        return d;
    }

    /** A node address: an IPv4 address or a DNS name (a real deployment may use names). */
    String address() throws InventoryException {
        String s = string();
        boolean ipv4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (ipv4 && java.util.Arrays.stream(s.split("\\.")).anyMatch(p -> Integer.parseInt(p) > 255)) {
            throw error("'" + s + "' is not an IPv4 address", "write the node's fixed address, e.g. 10.0.0.11");
        }
        if (!ipv4 && !s.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw error("'" + s + "' is neither an IPv4 address nor a host name", "write the node's fixed address, e.g. 10.0.0.11");
        }
        return s;
    }

    URI url(Set<String> schemes) throws InventoryException {
        String s = string();
        try {
            URI u = new URI(s);
            if (u.getScheme() == null || !schemes.contains(u.getScheme()) || u.getHost() == null) {
                throw error("'" + s + "' is not an absolute " + String.join("/", new TreeSet<>(schemes)) + " URL",
                        "write e.g. https://app.example.com/edge/rest/health");
            }
            return u;
        } catch (URISyntaxException e) {
            throw error("'" + s + "' is not a URL (" + e.getReason() + ")", "write e.g. https://app.example.com/edge/rest/health");
        }
    }

    List<YamlField> list() throws InventoryException {
        if (!(node instanceof SequenceNode seq)) throw error("expected a list", "write the items as '- item' lines");
        List<YamlField> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new YamlField(source, path + "[" + i + "]", seq.getValue().get(i)));
        }
        return out;
    }

    List<String> strings() throws InventoryException {
        if (!(node instanceof SequenceNode seq)) throw error("expected a list", "write the items as '- item' lines or [a, b]");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new YamlField(source, path + "[" + i + "]", seq.getValue().get(i)).string());
        }
        if (out.isEmpty()) throw error("the list is empty", "name at least one item");
        return out;
    }
}
