package org.failoverwatchdog.drills.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A bash script shipped in the jar as a resource (drills/src/main/resources/drill-scripts/NAME.sh),
 * so it is read, and shellchecked (scripts/lint-shell), as shell rather than as Java string
 * literals. Its inputs are set as shell variables in front of its text, each value single-quoted: a
 * value is data, never code, whatever it holds.
 */
public final class ShellScript {
    /** Folder of the scripts on the classpath. */
    public static final String DIR = "drill-scripts/";

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();

    private ShellScript() {}

    /**
     * The script's text; a script missing from the jar is a build error, not something a drill can
     * work around.
     */
    public static String text(String name) {
        return TEXTS.computeIfAbsent(
                name,
                n -> {
                    try (InputStream in =
                            ShellScript.class
                                    .getClassLoader()
                                    .getResourceAsStream(DIR + n + ".sh")) {
                        if (in == null)
                            throw new IllegalStateException(
                                    DIR
                                            + n
                                            + ".sh is missing from the classpath (fix: rebuild drills)");
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(DIR + n + ".sh cannot be read", e);
                    }
                });
    }

    /** The script with its inputs (NAME -> value) assigned in front of it, in the map's order. */
    public static String with(String name, Map<String, String> inputs) {
        StringBuilder b = new StringBuilder();
        inputs.forEach(
                (k, v) -> {
                    if (!NAME.matcher(k).matches())
                        throw new IllegalArgumentException("not an input name: '" + k + "'");
                    b.append(k).append('=').append(quote(v)).append('\n');
                });
        return b.append(text(name)).toString();
    }

    /** The script with its inputs given as name, value, name, value, ... (kept in that order). */
    public static String with(String name, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0)
            throw new IllegalArgumentException("inputs come in name, value pairs");
        Map<String, String> inputs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2)
            inputs.put(namesAndValues[i], namesAndValues[i + 1]);
        return with(name, inputs);
    }

    /** One shell word that is exactly s: single quotes, each ' inside written as '\''. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
