package org.failoverwatchdog.probes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A libpq keyword/value connection string ("host=127.0.0.1 port=5432 dbname=postgres user=watchdog"),
 * turned into what pgjdbc takes. Operators know libpq strings from repmgr.conf, so the config uses them.
 * A password is refused here: it belongs in the passfile.
 */
public final class Conninfo {
    private final Map<String, String> values;

    private Conninfo(Map<String, String> values) {
        this.values = values;
    }

    public static Conninfo parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) i++;
            if (i >= n) break;
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("expected keyword=value at '" + text.substring(i) + "'");
            }
            String key = text.substring(i, eq).trim();
            if (key.isEmpty() || !key.matches("[a-z_]+")) {
                throw new IllegalArgumentException("bad keyword '" + key + "'");
            }
            i = eq + 1;
            while (i < n && Character.isWhitespace(text.charAt(i))) i++; // libpq: spaces around '=' are optional
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                while (i < n && text.charAt(i) != '\'') {
                    if (text.charAt(i) == '\\' && i + 1 < n) i++;
                    value.append(text.charAt(i++));
                }
                if (i >= n) throw new IllegalArgumentException("unterminated quote in value of '" + key + "'");
                i++;
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) value.append(text.charAt(i++));
            }
            if (key.equals("password")) {
                throw new IllegalArgumentException("a password may not be written in a conninfo; put it in the passfile");
            }
            out.put(key, value.toString());
        }
        if (!out.containsKey("host")) throw new IllegalArgumentException("no host= in conninfo");
        // Checked here, not when connecting: port() runs inside the probes, which must not throw.
        String port = out.get("port");
        if (port != null && (!port.matches("[1-9][0-9]{0,4}") || Integer.parseInt(port) > 65535)) {
            throw new IllegalArgumentException("port '" + out.get("port") + "' is not a port number (1-65535)");
        }
        return new Conninfo(out);
    }

    public String host() {
        return values.get("host");
    }

    public int port() {
        return Integer.parseInt(values.getOrDefault("port", "5432"));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + values.getOrDefault("dbname", "postgres");
    }

    /** pgjdbc properties; timeouts are bounded by the probe's own timeout, in whole seconds (pgjdbc's unit). */
    public Properties jdbcProperties(java.time.Duration timeout) {
        Properties p = new Properties();
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        p.setProperty("user", values.getOrDefault("user", "postgres"));
        p.setProperty("connectTimeout", values.getOrDefault("connect_timeout", String.valueOf(seconds)));
        p.setProperty("loginTimeout", String.valueOf(seconds));
        p.setProperty("socketTimeout", String.valueOf(seconds));
        p.setProperty("ApplicationName", values.getOrDefault("application_name", "watchdog"));
        p.setProperty("sslmode", values.getOrDefault("sslmode", "prefer"));
        if (values.containsKey("sslrootcert")) p.setProperty("sslrootcert", values.get("sslrootcert"));
        return p;
    }

    /** host:port/dbname as user, safe to print. */
    public String describe() {
        return values.getOrDefault("user", "postgres") + "@" + host() + ":" + port() + "/" + values.getOrDefault("dbname", "postgres");
    }
}
