package org.failoverwatchdog.refapp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.failoverwatchdog.refapp.support.Json;
import org.failoverwatchdog.refapp.support.Settings;

/** Shared helpers for the loopback tests. */
public final class TestSupport {

    public static final Duration WAIT = Duration.ofSeconds(8);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private TestSupport() {}

    /** Router settings on loopback with ephemeral (or given) ports. */
    public static Settings router(int httpPort, int registraPort, String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("BIND_IP", "127.0.0.1");
        env.put("SERVER_PORT", Integer.toString(httpPort));
        env.put("REGISTRA_PORT", Integer.toString(registraPort));
        put(env, extra);
        return new Settings(env);
    }

    /** Service settings pointing at a router on 127.0.0.1. */
    public static Settings service(
            String type, int routerHttpPort, int routerRegistraPort, String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("SERVICE_TYPE", type);
        env.put("BIND_IP", "127.0.0.1");
        env.put("HTTP_PORT", "0");
        env.put("APPLICATION_ROUTER", "http://127.0.0.1:" + routerHttpPort);
        env.put("ApplicationRegistra", "127.0.0.1:" + routerRegistraPort);
        put(env, extra);
        return new Settings(env);
    }

    private static void put(Map<String, String> env, String... kv) {
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
    }

    public static HttpResponse<String> get(int port, String path)
            throws IOException, InterruptedException {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode status(int routerHttpPort) {
        try {
            return Json.MAPPER.readTree(get(routerHttpPort, "/router/rest/status").body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode services(int routerHttpPort) {
        return status(routerHttpPort).get("services");
    }

    public static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
