package org.failoverwatchdog.watchdog.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with its path and position, so every config error can say file, line and field.
 * SnakeYAML's node graph (not its object mapping) keeps the marks.
 */
final class YamlNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?");
    private final String file;
    private final String path;
    private final Node node;

    YamlNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    String path() {
        return path;
    }

    ConfigException error(String problem, String fix) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        return new ConfigException(file + (line > 0 ? ":" + line : "") + ": " + (path.isEmpty() ? "" : path + ": ") + problem + " (fix: " + fix + ")");
    }

    private Map<String, Node> mapping() throws ConfigException {
        if (!(node instanceof MappingNode m)) {
            throw error("expected a mapping of fields", "indent the fields of " + (path.isEmpty() ? "the file" : path) + " under it");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) out.put(k.getValue(), t.getValueNode());
        }
        return out;
    }

    /** Refuses unknown fields: a typo must not silently fall back to a default. */
    YamlNode allowOnly(Set<String> fields) throws ConfigException {
        for (String k : mapping().keySet()) {
            if (!fields.contains(k)) {
                throw child(k).error("unknown field '" + k + "'", "use one of " + new java.util.TreeSet<>(fields));
            }
        }
        return this;
    }

    Optional<YamlNode> opt(String field) throws ConfigException {
        Node n = mapping().get(field);
        if (n == null || (n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null"))) return Optional.empty();
        return Optional.of(new YamlNode(file, join(field), n));
    }

    YamlNode req(String field, String fix) throws ConfigException {
        return opt(field).orElseThrow(() -> error("missing field '" + field + "'", fix));
    }

    private YamlNode child(String field) {
        return new YamlNode(file, join(field), mappingNodeOrSelf(field));
    }

    private Node mappingNodeOrSelf(String field) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(field)) return t.getKeyNode();
            }
        }
        return node;
    }

    private String join(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    Set<String> keys() throws ConfigException {
        return mapping().keySet();
    }

    String string() throws ConfigException {
        if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
            throw error("expected a non-empty value", "write a value after the colon");
        }
        return s.getValue().strip();
    }

    int integer(int min, int max) throws ConfigException {
        String s = string();
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) throw error(v + " is out of range", "use a number from " + min + " to " + max);
            return v;
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not a whole number", "use a number from " + min + " to " + max);
        }
    }

    boolean bool() throws ConfigException {
        String s = string();
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        throw error("'" + s + "' is not true or false", "write true or false");
    }

    Duration duration(Duration min, Duration max) throws ConfigException {
        String s = string();
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) throw error("'" + s + "' is not a duration", "write a number with a unit: 500ms, 5s, 2m, 1h, 30d");
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw error(s + " is out of range", "use a duration from " + fmt(min) + " to " + fmt(max));
        }
        return d;
    }

    static String fmt(Duration d) {
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        long s = d.toSeconds();
        return s != 0 && s % 86400 == 0 ? s / 86400 + "d" : s != 0 && s % 3600 == 0 ? s / 3600 + "h" : s + "s";
    }

    /** A size in bytes: a number with B, KB, MB or GB (powers of 1024; KiB, MiB, GiB mean the same). */
    long size(long min, long max) throws ConfigException {
        String s = string();
        Matcher m = SIZE.matcher(s);
        String fix = "use a size from " + fmtSize(min) + " to " + fmtSize(max);
        if (!m.matches()) throw error("'" + s + "' is not a size", "write a number with a unit: 512KB, 10MB, 1GB; " + fix);
        int shift = m.group(2) == null ? 0 : switch (m.group(2).charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        long n;
        try {
            n = Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw error(s + " is out of range", fix);
        }
        if (n < min || n > max) throw error(s + " is out of range", fix);
        return n;
    }

    static String fmtSize(long bytes) {
        for (String unit : new String[] {"GB", "MB", "KB"}) {
            int shift = unit.equals("GB") ? 30 : unit.equals("MB") ? 20 : 10;
            if (bytes >= 1L << shift && bytes % (1L << shift) == 0) return (bytes >> shift) + unit;
        }
        return bytes + "B";
    }

    String ip() throws ConfigException {
        String s = string();
        if (!s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || java.util.Arrays.stream(s.split("\\.")).anyMatch(p -> Integer.parseInt(p) > 255)) {
            throw error("'" + s + "' is not an IPv4 address", "write the node's fixed private address, e.g. 10.0.0.11");
        }
        return s;
    }

    List<YamlNode> list() throws ConfigException {
        if (!(node instanceof SequenceNode seq)) throw error("expected a list", "write the items as '- item' lines");
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new YamlNode(file, path + "[" + i + "]", seq.getValue().get(i)));
        }
        return out;
    }

    List<String> strings() throws ConfigException {
        List<String> out = new ArrayList<>();
        if (node instanceof ScalarNode) {
            out.add(string());
            return out;
        }
        for (YamlNode n : list()) out.add(n.string());
        if (out.isEmpty()) throw error("the list is empty", "name at least one service");
        return out;
    }
}
