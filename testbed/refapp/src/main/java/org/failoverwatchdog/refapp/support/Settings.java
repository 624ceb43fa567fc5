package org.failoverwatchdog.refapp.support;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed view of the environment (docs/CONTRACTS.md). Built from a map so tests can run several apps
 * in one JVM with different settings.
 */
public final class Settings {

    private final Map<String, String> env;

    public Settings(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static Settings fromSystemEnv() {
        return new Settings(System.getenv());
    }

    public Optional<String> get(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String get(String name, String dflt) {
        return get(name).orElse(dflt);
    }

    public int port(String name, int dflt) {
        int p = integer(name, dflt);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(name + " must be a port number, got " + p);
        }
        return p;
    }

    public int integer(String name, int dflt) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + v.get() + "'");
        }
    }

    public long nonNegativeLong(String name, long dflt) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.get());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " must be a non-negative integer, got '" + v.get() + "'");
        }
    }

    public boolean flag(String name) {
        return get(name)
                .map(v -> v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"))
                .orElse(false);
    }

    public String bindIp() {
        return get("BIND_IP", "0.0.0.0");
    }

    /** NODE_IP as an address to bind outgoing sockets to; empty when unset. */
    public Optional<InetAddress> nodeAddress() {
        Optional<String> ip = get("NODE_IP");
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(ip.get()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("NODE_IP is not an address: '" + ip.get() + "'");
        }
    }

    /** How this node names itself in logs, heartbeats and instance ids. */
    public String nodeName() {
        return get("NODE_IP")
                .orElseGet(
                        () -> {
                            try {
                                return InetAddress.getLocalHost().getHostName();
                            } catch (UnknownHostException e) {
                                return "localhost";
                            }
                        });
    }

    /** APPLICATION_ROUTER as a URI, e.g. http://10.77.0.11:9000. */
    public URI applicationRouter() {
        String raw =
                get("APPLICATION_ROUTER")
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "APPLICATION_ROUTER is not set"));
        URI uri = URI.create(raw);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("APPLICATION_ROUTER has no host: '" + raw + "'");
        }
        return uri;
    }

    /** ApplicationRegistra (host:port); defaults to the router's host on 40905. */
    public HostPort applicationRegistra() {
        Optional<String> raw = get("ApplicationRegistra");
        if (raw.isPresent()) {
            return HostPort.parse(raw.get(), 40905);
        }
        return new HostPort(applicationRouter().getHost(), 40905);
    }

    public String serviceType() {
        String t =
                get("SERVICE_TYPE")
                        .orElseThrow(() -> new IllegalArgumentException("SERVICE_TYPE is not set"))
                        .toUpperCase(Locale.ROOT);
        if (!ServiceType.isKnown(t)) {
            throw new IllegalArgumentException(
                    "SERVICE_TYPE must be one of " + ServiceType.NAMES + ", got '" + t + "'");
        }
        return t;
    }

    /** Instance id as the router lists it; INSTANCE_ID overrides the default type@node. */
    public String instanceId() {
        return get("INSTANCE_ID")
                .orElseGet(() -> serviceType().toLowerCase(Locale.ROOT) + "@" + nodeName());
    }
}
