package org.failoverwatchdog.drills.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The LB's own view of the nodes (HAProxy stats CSV): server name to status (UP, DOWN, ...). */
public final class LbStats {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LbStats() {}

    public static Map<String, String> fetch(URI url, String backend) {
        try {
            HttpResponse<String> r =
                    HTTP.send(
                            HttpRequest.newBuilder(url)
                                    .timeout(Duration.ofSeconds(3))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? parse(r.body(), backend) : Map.of();
        } catch (java.io.IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /**
     * How many servers the LB sends traffic to: UP, including "UP 1/3" (going down, still in
     * rotation); DOWN, MAINT, DRAIN and NOLB take none.
     */
    public static int inRotation(Map<String, String> backends) {
        return (int) backends.values().stream().filter(v -> v.startsWith("UP")).count();
    }

    /**
     * Columns: pxname, svname, ..., status is the 18th; the BACKEND/FRONTEND summary rows are
     * skipped.
     */
    static Map<String, String> parse(String csv, String backend) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : csv.split("\n")) {
            if (line.startsWith("#")) continue;
            String[] f = line.split(",", -1);
            if (f.length < 18
                    || !f[0].equals(backend)
                    || f[1].equals("BACKEND")
                    || f[1].equals("FRONTEND")) continue;
            out.put(f[1], f[17]);
        }
        return out;
    }
}
