package org.failoverwatchdog.refapp.support;

/** A host and port, as in ApplicationRegistra=10.77.0.11:40905. */
public record HostPort(String host, int port) {

    public static HostPort parse(String raw, int defaultPort) {
        String s = raw.trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0 || s.endsWith("]")) {
            return new HostPort(strip(s), defaultPort);
        }
        try {
            return new HostPort(
                    strip(s.substring(0, colon)), Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not host:port: '" + raw + "'");
        }
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
