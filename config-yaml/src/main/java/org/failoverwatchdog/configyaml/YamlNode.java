package org.failoverwatchdog.configyaml;

import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with its dotted path and line, so that every error names the file, the line, the
 * field and the fix. Reads SnakeYAML's node graph, because its object mapping loses the marks.
 *
 * <p>{@code E} is the caller's own checked exception (the watchdog's ConfigException, the drills'
 * InventoryException), made from the message by the function given to {@link #parse}: each loader
 * keeps throwing the type its callers already handle.
 */
public final class YamlNode<E extends Exception> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HOST_NAME =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private final String file;
    private final String path;
    private final Node node;
    private final Function<String, E> problem;

    private YamlNode(String file, String path, Node node, Function<String, E> problem) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.problem = problem;
    }

    /**
     * The document's root. A syntax error or an empty document is an {@code E} too, with the line
     * where there is one. Duplicate keys are not refused (compose() ignores
     * LoaderOptions.allowDuplicateKeys): the later one wins.
     */
    public static <E extends Exception> YamlNode<E> parse(
            String file, String text, String fixWhenEmpty, Function<String, E> problem) throws E {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw problem.apply(
                    file
                            + (line > 0 ? ":" + line : "")
                            + ": not valid YAML: "
                            + e.getProblem()
                            + " (fix: check the indentation and quoting on that line)");
        } catch (YAMLException e) {
            throw problem.apply(
                    file + ": not valid YAML: " + e.getMessage() + " (fix: correct the syntax)");
        }
        if (root == null)
            throw problem.apply(file + ": the file is empty (fix: " + fixWhenEmpty + ")");
        return new YamlNode<>(file, "", root, problem);
    }

    public String path() {
        return path;
    }

    public E error(String what, String fix) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        return problem.apply(
                file
                        + (line > 0 ? ":" + line : "")
                        + ": "
                        + (path.isEmpty() ? "" : path + ": ")
                        + what
                        + " (fix: "
                        + fix
                        + ")");
    }

    private YamlNode<E> at(String childPath, Node child) {
        return new YamlNode<>(file, childPath, child, problem);
    }

    private Map<String, NodeTuple> mapping() throws E {
        if (!(node instanceof MappingNode m)) {
            throw error(
                    "expected a mapping of fields",
                    "indent the fields of " + (path.isEmpty() ? "the file" : path) + " under it");
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) out.put(k.getValue(), t);
        }
        return out;
    }

    /**
     * Refuses unknown fields, at the key's line: a typo must not silently fall back to a default.
     */
    public YamlNode<E> allowOnly(Set<String> fields) throws E {
        for (Map.Entry<String, NodeTuple> e : mapping().entrySet()) {
            if (!fields.contains(e.getKey())) {
                throw at(join(e.getKey()), e.getValue().getKeyNode())
                        .error(
                                "unknown field '" + e.getKey() + "'",
                                "use one of " + new TreeSet<>(fields));
            }
        }
        return this;
    }

    /**
     * The field, or empty when it is absent or written without a value ({@code field:} or {@code
     * field: null}).
     */
    public Optional<YamlNode<E>> opt(String field) throws E {
        NodeTuple t = mapping().get(field);
        if (t == null) return Optional.empty();
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s && s.getTag().getValue().endsWith(":null"))
            return Optional.empty();
        return Optional.of(at(join(field), v));
    }

    public YamlNode<E> req(String field, String fix) throws E {
        return opt(field).orElseThrow(() -> error("missing field '" + field + "'", fix));
    }

    private String join(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public Set<String> keys() throws E {
        return mapping().keySet();
    }

    public String string() throws E {
        if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
            throw error("expected a non-empty value", "write a value after the colon");
        }
        return s.getValue().strip();
    }

    public String stringOr(String field, String fallback) throws E {
        Optional<YamlNode<E>> f = opt(field);
        return f.isPresent() ? f.get().string() : fallback;
    }

    public int integer(int min, int max) throws E {
        String s = string();
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max)
                throw error(v + " is out of range", "use a number from " + min + " to " + max);
            return v;
        } catch (NumberFormatException e) {
            throw error(
                    "'" + s + "' is not a whole number", "use a number from " + min + " to " + max);
        }
    }

    public int intOr(String field, int fallback, int min, int max) throws E {
        Optional<YamlNode<E>> f = opt(field);
        return f.isPresent() ? f.get().integer(min, max) : fallback;
    }

    public boolean bool() throws E {
        String s = string();
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        throw error("'" + s + "' is not true or false", "write true or false");
    }

    public boolean boolOr(String field, boolean fallback) throws E {
        Optional<YamlNode<E>> f = opt(field);
        return f.isPresent() ? f.get().bool() : fallback;
    }

    /** A whole number with a unit: ms, s, m, h or d. */
    public Duration duration(Duration min, Duration max) throws E {
        String s = string();
        Matcher m = DURATION.matcher(s);
        if (!m.matches())
            throw error(
                    "'" + s + "' is not a duration",
                    "write a number with a unit: 500ms, 5s, 2m, 1h, 1d");
        Duration d;
        try {
            long n = Long.parseLong(m.group(1));
            d =
                    switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
        } catch (NumberFormatException | ArithmeticException tooLong) {
            d = null; // more than a long or a Duration holds: above any max
        }
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw error(
                    s + " is out of range", "use a duration from " + fmt(min) + " to " + fmt(max));
        }
        return d;
    }

    private static String fmt(Duration d) {
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        long s = d.toSeconds();
        return s != 0 && s % 86400 == 0
                ? s / 86400 + "d"
                : s != 0 && s % 3600 == 0 ? s / 3600 + "h" : s + "s";
    }

    /**
     * A size in bytes: a number with B, KB, MB or GB (powers of 1024; KiB, MiB, GiB mean the same).
     */
    public long size(long min, long max) throws E {
        String s = string();
        Matcher m = SIZE.matcher(s);
        String fix = "use a size from " + fmtSize(min) + " to " + fmtSize(max);
        if (!m.matches())
            throw error(
                    "'" + s + "' is not a size",
                    "write a number with a unit: 512KB, 10MB, 1GB; " + fix);
        int shift =
                m.group(2) == null
                        ? 0
                        : switch (m.group(2).charAt(0)) {
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

    private static String fmtSize(long bytes) {
        for (int shift : new int[] {30, 20, 10}) {
            if (bytes >= 1L << shift && bytes % (1L << shift) == 0)
                return (bytes >> shift) + (shift == 30 ? "GB" : shift == 20 ? "MB" : "KB");
        }
        return bytes + "B";
    }

    /** An IPv4 address only: the watchdog's nodes are reached at fixed private addresses. */
    public String ip() throws E {
        String s = string();
        if (!isIpv4(s))
            throw error(
                    "'" + s + "' is not an IPv4 address",
                    "write the node's fixed private address, e.g. 10.0.0.11");
        return s;
    }

    /** An IPv4 address or a host name (a real deployment may use names). */
    public String address() throws E {
        String s = string();
        boolean dotted = DOTTED_QUAD.matcher(s).matches();
        if (dotted && !isIpv4(s))
            throw error(
                    "'" + s + "' is not an IPv4 address",
                    "write the node's fixed address, e.g. 10.0.0.11");
        if (!dotted && !HOST_NAME.matcher(s).matches()) {
            throw error(
                    "'" + s + "' is neither an IPv4 address nor a host name",
                    "write the node's fixed address, e.g. 10.0.0.11");
        }
        return s;
    }

    private static boolean isIpv4(String s) {
        return DOTTED_QUAD.matcher(s).matches()
                && Arrays.stream(s.split("\\.")).allMatch(p -> Integer.parseInt(p) <= 255);
    }

    /** An absolute URL with a host and one of the schemes; {@code example} goes into the fix. */
    public URI url(Set<String> schemes, String example) throws E {
        String s = string();
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw error(
                    "'" + s + "' is not a URL (" + e.getReason() + ")", "write e.g. " + example);
        }
        if (u.getScheme() == null || !schemes.contains(u.getScheme()) || u.getHost() == null) {
            throw error(
                    "'"
                            + s
                            + "' is not an absolute "
                            + String.join("/", new TreeSet<>(schemes))
                            + " URL",
                    "write e.g. " + example);
        }
        return u;
    }

    public List<YamlNode<E>> list() throws E {
        if (!(node instanceof SequenceNode seq))
            throw error("expected a list", "write the items as '- item' lines");
        List<YamlNode<E>> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(at(path + "[" + i + "]", seq.getValue().get(i)));
        }
        return out;
    }

    /**
     * A non-empty list of values; a single value is a list of one ({@code start: edge} reads as
     * {@code start: [edge]}). {@code item} names what the list holds, for the fix of an empty one.
     */
    public List<String> strings(String item) throws E {
        List<String> out = new ArrayList<>();
        if (node instanceof ScalarNode) {
            out.add(string());
            return out;
        }
        if (!(node instanceof SequenceNode))
            throw error("expected a list", "write the items as '- item' lines or [a, b]");
        for (YamlNode<E> n : list()) out.add(n.string());
        if (out.isEmpty()) throw error("the list is empty", "name at least one " + item);
        return out;
    }
}
