package org.failoverwatchdog.probes;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A libpq keyword/value connection string ("host=127.0.0.1 port=5432 dbname=postgres
 * user=watchdog"), turned into what pgjdbc takes. Operators know libpq strings from repmgr.conf, so
 * the config uses them. Every keyword is honoured or refused by name ({@link LibpqKeywords}); a
 * password is refused: it belongs in the passfile.
 */
public final class Conninfo {
    private static final String KEYWORDS_DOC =
            "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-PARAMKEYWORDS";
    private final Map<String, String> values;

    /**
     * pgjdbc property -> value, from the keywords that map to one (defaults and timeouts are added
     * when connecting).
     */
    private final Map<String, String> jdbc;

    private Conninfo(Map<String, String> values, Map<String, String> jdbc) {
        this.values = values;
        this.jdbc = jdbc;
    }

    /**
     * @throws ConninfoException naming what is wrong (a keyword, a value, the quoting) and the fix;
     *     never a secret's value
     */
    public static Conninfo parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) i++;
            if (i >= n) break;
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new ConninfoException(
                        "expected keyword=value at '" + text.substring(i) + "'",
                        "write keyword=value pairs: host=... port=... dbname=... user=...");
            }
            String key = text.substring(i, eq).trim();
            if (key.isEmpty() || !key.matches("[a-z_]+")) {
                throw new ConninfoException(
                        "bad keyword '" + key + "'",
                        "write keyword=value pairs, keywords in lower case: host=... port=... dbname=... user=...");
            }
            i = eq + 1;
            while (i < n && Character.isWhitespace(text.charAt(i)))
                i++; // libpq: spaces around '=' are optional
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                while (i < n && text.charAt(i) != '\'') {
                    if (text.charAt(i) == '\\' && i + 1 < n) i++;
                    value.append(text.charAt(i++));
                }
                if (i >= n)
                    throw new ConninfoException(
                            "unterminated quote in value of '" + key + "'",
                            "close the quote: " + key + "='...'");
                i++;
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i)))
                    value.append(text.charAt(i++));
            }
            out.put(key, value.toString()); // libpq: a keyword given twice takes the last value
        }
        Map<String, String> jdbc = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : out.entrySet())
            take(e.getKey(), e.getValue(), out, jdbc);
        String host = out.get("host");
        if (host == null || host.isEmpty())
            throw new ConninfoException("no host= in conninfo", "add host=<the server's address>");
        if (host.contains(",")) {
            throw new ConninfoException(
                    "host='"
                            + host
                            + "' names several hosts, and each conninfo of the watchdog reads one server",
                    "write a single host=");
        }
        if (host.startsWith("/") || host.startsWith("@")) {
            throw new ConninfoException(
                    "host='"
                            + host
                            + "' is a Unix-domain socket, and the JDBC driver connects over TCP",
                    "write host=127.0.0.1 (pg_hba.conf must allow it for this user)");
        }
        // Checked here, not when connecting: port() runs inside the probes, which must not throw.
        String port = out.get("port");
        if (port != null && (!port.matches("[1-9][0-9]{0,4}") || Integer.parseInt(port) > 65535)) {
            throw new ConninfoException(
                    "port '" + out.get("port") + "' is not a port number (1-65535)",
                    "write port=5432, or leave it out for 5432");
        }
        return new Conninfo(out, jdbc);
    }

    /** One keyword: into the URL, into a pgjdbc property, or refused by name. */
    private static void take(
            String key, String value, Map<String, String> all, Map<String, String> jdbc) {
        LibpqKeywords.Handling h =
                LibpqKeywords.of(key)
                        .orElseThrow(
                                () ->
                                        new ConninfoException(
                                                "'" + key + "' is not a libpq conninfo keyword",
                                                "correct the spelling; libpq's keywords are listed at "
                                                        + KEYWORDS_DOC));
        if (h instanceof LibpqKeywords.Property p) {
            jdbc.put(p.jdbcName(), p.value().jdbc(key, value));
        } else if (h instanceof LibpqKeywords.Fallback f) {
            if (!all.containsKey(f.standsInFor())) jdbc.put(f.jdbcName(), value);
        } else if (h instanceof LibpqKeywords.Implied m) {
            m.value().jdbc(key, value);
        } else if (h instanceof LibpqKeywords.Refused r) {
            throw new ConninfoException(key + " " + r.why(), r.fix());
        }
        // InUrl: host, port and dbname are read from the values when the URL is made.
    }

    public String host() {
        return values.get("host");
    }

    /** The role it logs in as (libpq's default user is the OS user; the watchdog's is postgres). */
    public String user() {
        return values.getOrDefault("user", "postgres");
    }

    public int port() {
        return Integer.parseInt(values.getOrDefault("port", "5432"));
    }

    public String jdbcUrl() {
        String host = host().contains(":") ? "[" + host() + "]" : host(); // an IPv6 address
        // pgjdbc URL-decodes the database name.
        return "jdbc:postgresql://"
                + host
                + ":"
                + port()
                + "/"
                + URLEncoder.encode(
                        values.getOrDefault("dbname", "postgres"), StandardCharsets.UTF_8);
    }

    /**
     * pgjdbc properties. Every timeout is the probe's own, in whole seconds (pgjdbc's unit), so no
     * read outlasts it; a connect_timeout in the conninfo may only shorten the connect.
     */
    public Properties jdbcProperties(java.time.Duration timeout) {
        Properties p = new Properties();
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        p.setProperty("user", "postgres");
        p.setProperty("ApplicationName", "failover-watchdog");
        p.setProperty("sslmode", "prefer");
        jdbc.forEach(p::setProperty);
        int connect = Integer.parseInt(jdbc.getOrDefault("connectTimeout", "0"));
        p.setProperty(
                "connectTimeout",
                String.valueOf(connect == 0 ? seconds : Math.min(connect, seconds)));
        p.setProperty("loginTimeout", String.valueOf(seconds));
        p.setProperty("socketTimeout", String.valueOf(seconds));
        return p;
    }

    /** host:port/dbname as user, safe to print. */
    public String describe() {
        return user()
                + "@"
                + host()
                + ":"
                + port()
                + "/"
                + values.getOrDefault("dbname", "postgres");
    }
}
