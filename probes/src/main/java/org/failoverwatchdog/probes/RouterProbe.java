package org.failoverwatchdog.probes;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads a router's registry over HTTP. HttpURLConnection rather than java.net.http.HttpClient: it
 * starts faster, and this runs on every quiet tick.
 */
public final class RouterProbe {
    private static final int MAX_BODY = 1 << 20;
    private final Duration timeout;
    private final RegistryAdapter adapter;

    public RouterProbe(Duration timeout, RegistryAdapter adapter) {
        this.timeout = timeout;
        this.adapter = adapter;
    }

    public Observed<RouterView> observe(String url) {
        Stopwatch sw = Stopwatch.start();
        HttpURLConnection c = null;
        boolean connected = false;
        try {
            c = (HttpURLConnection) new URL(URI.create(url).toString()).openConnection();
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setUseCaches(false);
            c.connect();
            connected = true;
            int code = c.getResponseCode();
            if (code != 200) {
                return Observed.unknown("router " + url + " answered HTTP " + code, sw.elapsed());
            }
            String body;
            try (InputStream in = c.getInputStream()) {
                body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
            }
            return Observed.known(new RouterView.Registry(url, adapter.parse(body)), sw.elapsed());
        } catch (RegistryAdapter.MalformedAnswer e) {
            return Observed.unknown(
                    "router "
                            + url
                            + " answered something that is not its registry: "
                            + e.getMessage(),
                    sw.elapsed());
        } catch (ConnectException | NoRouteToHostException e) {
            return Observed.known(new RouterView.Unreachable(url, e.getMessage()), sw.elapsed());
        } catch (SocketTimeoutException e) {
            if (!connected) {
                return Observed.known(
                        new RouterView.Unreachable(
                                url, "no answer to connect within " + timeout.toMillis() + " ms"),
                        sw.elapsed());
            }
            // Connected but no answer: the router is there and hung; not the same as gone.
            return Observed.unknown(
                    "router "
                            + url
                            + " accepted the connection but did not answer within "
                            + timeout.toMillis()
                            + " ms",
                    sw.elapsed());
        } catch (IOException | IllegalArgumentException e) {
            return Observed.unknown("router " + url + ": " + e, sw.elapsed());
        } finally {
            if (c != null) c.disconnect();
        }
    }
}
