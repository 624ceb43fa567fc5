package org.failoverwatchdog.drills.observe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.failoverwatchdog.drills.inventory.Inventory;

/**
 * One GET of the load balancer's health URL, the way the reference deployment measured its outages
 * (one probe, one HTTP code). A few lines of HTTP/1.1 over a socket rather than java.net.http,
 * because the probe must connect to one address (connect_to, like curl --resolve) while sending
 * another name as Host and TLS SNI, which java.net.http does not allow.
 */
public final class LbProbe {
    private final Inventory.Lb lb;
    private final SSLSocketFactory tls;

    public LbProbe(Inventory.Lb lb) {
        this.lb = lb;
        this.tls = lb.insecureTls() ? trustAll() : (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    public HealthSample probe() {
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        URI u = lb.healthUrl();
        boolean https = u.getScheme().equals("https");
        int port = u.getPort() > 0 ? u.getPort() : https ? 443 : 80;
        String hostName = lb.hostHeader().orElse(u.getHost());
        String connect = lb.connectTo().orElse(u.getHost());
        int timeout = (int) lb.timeout().toMillis();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(connect, port), timeout);
            raw.setSoTimeout(Math.max(1, timeout - (int) ((System.nanoTime() - t0) / 1_000_000)));
            Socket s = raw;
            if (https) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(raw, hostName, port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName(u.getHost())));
                if (!lb.insecureTls()) p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                s = ssl;
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (u.getRawQuery() != null) path += "?" + u.getRawQuery();
            OutputStream out = s.getOutputStream();
            out.write(
                    ("GET "
                                    + path
                                    + " HTTP/1.1\r\nHost: "
                                    + hostName
                                    + "\r\nUser-Agent: failover-drill\r\n"
                                    + "Connection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status =
                    new BufferedReader(
                                    new InputStreamReader(
                                            s.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
            int code = statusCode(status);
            return new HealthSample(
                    at, code, ms(t0), code == 0 ? "bad status line: " + status : "");
        } catch (IOException e) {
            return new HealthSample(
                    at, 0, ms(t0), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The code of an HTTP/1.x status line; 0 when there is none (connection closed, garbage). */
    static int statusCode(String statusLine) {
        if (statusLine == null) return 0;
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) return 0;
        try {
            int c = Integer.parseInt(parts[1]);
            return c >= 100 && c <= 599 ? c : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Only for insecure_tls: the lab LB's self-signed certificate; nothing else uses this. */
    private static SSLSocketFactory trustAll() {
        TrustManager tm =
                new X509TrustManager() {
                    public void checkClientTrusted(X509Certificate[] c, String a) {}

                    public void checkServerTrusted(X509Certificate[] c, String a) {}

                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
