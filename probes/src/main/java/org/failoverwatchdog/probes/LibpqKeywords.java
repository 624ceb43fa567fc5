package org.failoverwatchdog.probes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the watchdog takes each libpq conninfo keyword (PostgreSQL 17/18's list): into the JDBC URL,
 * into a pgjdbc property, or refused by name with the fix. None is dropped silently: an operator
 * who wrote sslcert= or keepalives_idle= must not believe it holds when the driver never saw it.
 */
public final class LibpqKeywords {

    /** What happens to one keyword. */
    public sealed interface Handling permits InUrl, Property, Fallback, Implied, Refused {}

    /** host, port, dbname: part of jdbc:postgresql://host:port/dbname. */
    public record InUrl() implements Handling {}

    /**
     * Passed to pgjdbc as the property jdbcName, the value checked (and, for keepalives, converted)
     * first.
     */
    public record Property(String jdbcName, Value value) implements Handling {}

    /**
     * pgjdbc's jdbcName from this keyword only when the keyword it stands in for is absent (libpq's
     * fallback_application_name).
     */
    public record Fallback(String jdbcName, String standsInFor) implements Handling {}

    /**
     * Accepted only with the value pgjdbc uses anyway (client_encoding=UTF8); nothing to pass on.
     */
    public record Implied(Value value) implements Handling {}

    /**
     * Not honoured: the conninfo is refused with "keyword why (fix: fix)".
     *
     * @param why what follows the keyword's name, e.g. "is not supported by the JDBC driver"
     */
    public record Refused(String why, String fix) implements Handling {}

    /**
     * Checks a keyword's value and gives what pgjdbc takes; throws {@link ConninfoException} naming
     * the keyword.
     */
    @FunctionalInterface
    public interface Value {
        String jdbc(String keyword, String value);
    }

    private static final Value ANY = (k, v) -> v;

    /** libpq's boolean-as-integer (keepalives): 1 on, 0 off. */
    private static final Value ZERO_OR_ONE =
            (k, v) ->
                    switch (v) {
                        case "1" -> "true";
                        case "0" -> "false";
                        default ->
                                throw new ConninfoException(
                                        k + "='" + v + "' is neither 0 nor 1",
                                        "write " + k + "=1 (on) or " + k + "=0 (off)");
                    };

    /** Whole seconds, 0 meaning "no limit" as in libpq (the probe's timeout still bounds it). */
    private static final Value SECONDS =
            (k, v) -> {
                if (!v.matches("[0-9]{1,6}"))
                    throw new ConninfoException(
                            k + "='" + v + "' is not a whole number of seconds",
                            "write e.g. " + k + "=2");
                return String.valueOf(Integer.parseInt(v));
            };

    private static Value oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        return (k, v) -> {
            if (!values.contains(v))
                throw new ConninfoException(
                        k + "='" + v + "' is not one of " + String.join(", ", values),
                        "write one of them");
            return v;
        };
    }

    private static final String NOT_IN_DRIVER = "is not supported by the JDBC driver";
    private static final String AUTH_INSTEAD =
            "authenticate with a password (postgres.passfile) or a client certificate (sslcert, sslkey)";

    private static final Map<String, Handling> TABLE = table();

    private LibpqKeywords() {}

    private static Map<String, Handling> table() {
        Map<String, Handling> t = new TreeMap<>();
        t.put("host", new InUrl());
        t.put("port", new InUrl());
        t.put("dbname", new InUrl());
        t.put("user", new Property("user", ANY));
        // Capped by the probe's own timeout in Conninfo.jdbcProperties.
        t.put("connect_timeout", new Property("connectTimeout", SECONDS));
        t.put("application_name", new Property("ApplicationName", ANY));
        t.put("fallback_application_name", new Fallback("ApplicationName", "application_name"));
        t.put("options", new Property("options", ANY));
        t.put("keepalives", new Property("tcpKeepAlive", ZERO_OR_ONE));
        t.put(
                "sslmode",
                new Property(
                        "sslmode",
                        oneOf(
                                "disable",
                                "allow",
                                "prefer",
                                "require",
                                "verify-ca",
                                "verify-full")));
        t.put("sslrootcert", new Property("sslrootcert", ANY));
        t.put("sslcert", new Property("sslcert", ANY));
        t.put("sslkey", new Property("sslkey", ANY));
        t.put("sslnegotiation", new Property("sslNegotiation", oneOf("postgres", "direct")));
        t.put(
                "channel_binding",
                new Property("channelBinding", oneOf("disable", "prefer", "require")));
        t.put("require_auth", new Property("requireAuth", ANY));
        t.put("gssencmode", new Property("gssEncMode", oneOf("disable", "prefer", "require")));
        t.put("krbsrvname", new Property("kerberosServerName", ANY));
        t.put("gsslib", new Property("gsslib", oneOf("gssapi")));
        t.put(
                "client_encoding",
                new Implied(
                        (k, v) -> {
                            if (!v.equalsIgnoreCase("UTF8") && !v.equalsIgnoreCase("UTF-8")) {
                                throw new ConninfoException(
                                        k + "='" + v + "': the JDBC driver always speaks UTF8",
                                        "remove it, or write " + k + "=UTF8");
                            }
                            return v;
                        }));

        // Secrets never go in watchdog.yml.
        String secret = "may not be written in a conninfo: secrets never go in watchdog.yml";
        t.put(
                "password",
                new Refused(
                        "may not be written in a conninfo",
                        "put it in the passfile named by postgres.passfile"));
        t.put(
                "sslpassword",
                new Refused(
                        secret,
                        "use a key file without a passphrase, readable by root alone (chmod 0600)"));
        t.put(
                "scram_client_key",
                new Refused(
                        secret,
                        "remove it; the password goes in the passfile named by postgres.passfile"));
        t.put(
                "scram_server_key",
                new Refused(
                        secret,
                        "remove it; the password goes in the passfile named by postgres.passfile"));
        t.put(
                "oauth_client_secret",
                new Refused(NOT_IN_DRIVER + " (OAuth), and " + secret, AUTH_INSTEAD));
        // Set once for the whole watchdog, or named elsewhere.
        t.put(
                "passfile",
                new Refused(
                        "is set once for every connection of the watchdog (pgjdbc reads it from a JVM-wide setting)",
                        "name it in postgres.passfile"));
        t.put("hostaddr", new Refused(NOT_IN_DRIVER, "write the address in host="));
        t.put(
                "service",
                new Refused(
                        "would hide which server the watchdog reads (status and list name it)",
                        "write the service's host, port, dbname and user here"));
        // TCP tuning the driver cannot set: the probe timeout bounds every read instead.
        for (String k :
                List.of(
                        "keepalives_idle",
                        "keepalives_interval",
                        "keepalives_count",
                        "tcp_user_timeout")) {
            t.put(
                    k,
                    new Refused(
                            NOT_IN_DRIVER,
                            "remove it; the watchdog bounds every probe with thresholds.probe_timeout"));
        }
        // What would change what the watchdog sees.
        t.put(
                "target_session_attrs",
                new Refused(
                        "would refuse a server in the other role, and the watchdog must reach the server"
                                + " whatever its role (it reads the role)",
                        "remove it"));
        t.put(
                "load_balance_hosts",
                new Refused(
                        "picks one of several hosts, and each conninfo of the watchdog reads one server",
                        "remove it; write a single host="));
        t.put(
                "replication",
                new Refused(
                        "would open a replication connection, and the watchdog's probes are plain SQL sessions",
                        "remove it"));
        t.put(
                "requiressl",
                new Refused(
                        "is libpq's deprecated spelling",
                        "write sslmode=require (or verify-full)"));
        // TLS options the driver lacks.
        t.put(
                "sslcompression",
                new Refused(
                        NOT_IN_DRIVER + " (and PostgreSQL 14 and later never compress)",
                        "remove it"));
        for (String k : List.of("sslcrl", "sslcrldir")) {
            t.put(
                    k,
                    new Refused(
                            NOT_IN_DRIVER + ": it cannot check a certificate revocation list",
                            "remove it; a revoked server certificate must then be replaced on the server"));
        }
        t.put("sslsni", new Refused(NOT_IN_DRIVER, "remove it"));
        t.put(
                "sslcertmode",
                new Refused(
                        NOT_IN_DRIVER + ": it sends the sslcert whenever one is named",
                        "remove it; leave sslcert out to send no client certificate"));
        t.put("sslkeylogfile", new Refused(NOT_IN_DRIVER, "remove it"));
        for (String k : List.of("ssl_min_protocol_version", "ssl_max_protocol_version")) {
            t.put(
                    k,
                    new Refused(
                            NOT_IN_DRIVER + ": the JVM chooses the TLS version",
                            "remove it; set ssl_min_protocol_version in the server's postgresql.conf instead"));
        }
        for (String k : List.of("min_protocol_version", "max_protocol_version")) {
            t.put(k, new Refused(NOT_IN_DRIVER + ": it speaks protocol 3.0", "remove it"));
        }
        t.put(
                "requirepeer",
                new Refused(
                        "applies to Unix-domain sockets, and the JDBC driver connects over TCP",
                        "remove it"));
        t.put("gssdelegation", new Refused(NOT_IN_DRIVER, "remove it"));
        for (String k : List.of("oauth_issuer", "oauth_client_id", "oauth_scope")) {
            t.put(k, new Refused(NOT_IN_DRIVER + " (OAuth)", AUTH_INSTEAD));
        }
        return Map.copyOf(t);
    }

    /** How the keyword is taken; empty when libpq has no such keyword. */
    public static Optional<Handling> of(String keyword) {
        return Optional.ofNullable(TABLE.get(keyword));
    }

    /** Every keyword libpq knows, with how it is taken (for tests and documentation). */
    public static Map<String, Handling> all() {
        return new TreeMap<>(TABLE);
    }
}
