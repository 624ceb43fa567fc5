package org.failoverwatchdog.probes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Compose .env file kept line by line, so that changing one value keeps every comment, blank line
 * and the order of the others. Anything Compose would misread is refused with its line number.
 */
public final class EnvFile {
    private static final Pattern ENTRY = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=(.*)$");

    /** One line: an entry (key and unquoted value) or anything else kept verbatim. */
    public record Line(String raw, String key, String value) {
        public boolean isEntry() {
            return key != null;
        }
    }

    private final List<Line> lines;

    private EnvFile(List<Line> lines) {
        this.lines = List.copyOf(lines);
    }

    public static EnvFile read(Path path) throws IOException, EnvFileException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    public static EnvFile parse(String name, String text) throws EnvFileException {
        List<Line> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] raw = text.split("\n", -1);
        int count = text.endsWith("\n") ? raw.length - 1 : raw.length;
        for (int i = 0; i < count; i++) {
            String line = raw[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                out.add(new Line(line, null, null));
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            if (!m.matches()) {
                throw new EnvFileException(
                        name,
                        i + 1,
                        "'" + trimmed + "' is not KEY=VALUE",
                        "write it as KEY=VALUE (letters, digits, _), or comment it out with #");
            }
            String key = m.group(1);
            Integer before = seen.put(key, i + 1);
            if (before != null) {
                throw new EnvFileException(
                        name,
                        i + 1,
                        key + " is set twice (also on line " + before + ")",
                        "keep one of the two lines");
            }
            out.add(new Line(line, key, unquote(name, i + 1, m.group(2).strip())));
        }
        return new EnvFile(out);
    }

    private static String unquote(String name, int line, String v) throws EnvFileException {
        if (v.length() >= 1 && (v.charAt(0) == '"' || v.charAt(0) == '\'')) {
            char q = v.charAt(0);
            if (v.length() < 2 || v.charAt(v.length() - 1) != q) {
                throw new EnvFileException(
                        name, line, "unterminated quote", "close the quote or remove it");
            }
            return v.substring(1, v.length() - 1);
        }
        int hash = v.indexOf(" #");
        return hash >= 0 ? v.substring(0, hash).strip() : v;
    }

    public Optional<String> get(String key) {
        return lines.stream().filter(l -> key.equals(l.key())).map(Line::value).findFirst();
    }

    /** A copy with KEY set: its line rewritten in place, or appended when new. */
    public EnvFile with(String key, String value) {
        if (!value.matches("[A-Za-z0-9_.:/,@-]*")) {
            throw new IllegalArgumentException(
                    "value for " + key + " has characters that would need quoting: " + value);
        }
        List<Line> out = new ArrayList<>(lines);
        String raw = key + "=" + value;
        for (int i = 0; i < out.size(); i++) {
            if (key.equals(out.get(i).key())) {
                out.set(i, new Line(raw, key, value));
                return new EnvFile(out);
            }
        }
        out.add(new Line(raw, key, value));
        return new EnvFile(out);
    }

    /**
     * A copy with another file's entry line, as it was written there (quoting and all), in place of
     * its key's line, or appended when the key is new.
     */
    public EnvFile with(Line entry) {
        if (!entry.isEntry()) throw new IllegalArgumentException("not a KEY=VALUE line");
        List<Line> out = new ArrayList<>(lines);
        for (int i = 0; i < out.size(); i++) {
            if (entry.key().equals(out.get(i).key())) {
                out.set(i, entry);
                return new EnvFile(out);
            }
        }
        out.add(entry);
        return new EnvFile(out);
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) sb.append(l.raw()).append('\n');
        return sb.toString();
    }

    public List<Line> lines() {
        return lines;
    }
}
