package org.failoverwatchdog.drills.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads libpq passfile text (host:port:database:user:password, '*' matches anything, '\' escapes
 * ':' and '\'). Written here rather than relying on the JDBC driver so the password is picked the
 * way libpq picks it: the first matching line wins.
 */
public final class PassFile {
    private PassFile() {}

    public static Optional<String> lookup(
            String text, String host, int port, String database, String user) {
        for (String line : text.split("\n", -1)) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<String> f = fields(line);
            if (f.size() < 5) continue;
            if (matches(f.get(0), host)
                    && matches(f.get(1), Integer.toString(port))
                    && matches(f.get(2), database)
                    && matches(f.get(3), user)) {
                return Optional.of(f.get(4));
            }
        }
        return Optional.empty();
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    /** Splits on unescaped ':'; the fifth field keeps any further (escaped or not) colons. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
