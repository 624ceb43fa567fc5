package org.failoverwatchdog.probes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The few read-only GETs of the Docker Engine API a quiet tick needs, spoken directly over the
 * socket. docker-java costs about a second of JVM time to load (docs/LAB.md); the quiet tick runs
 * 8,640 times a day, so it reads container state this way and loads docker-java only to act.
 * HTTP/1.0 so the engine answers without chunking and closes the connection.
 */
public final class DockerApi {
    private final String dockerHost;
    private final Duration timeout;

    public DockerApi(String dockerHost, Duration timeout) {
        this.dockerHost = dockerHost;
        this.timeout = timeout;
    }

    /** GET path; returns the body of a 200 answer, or throws with what went wrong. */
    public String get(String path) throws IOException {
        ExecutorService ex = Executors.newSingleThreadExecutor(DaemonThreads.named("docker-api"));
        try {
            Future<String> f = ex.submit(() -> exchange(path));
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(
                    "Docker at "
                            + dockerHost
                            + " did not answer GET "
                            + path
                            + " within "
                            + timeout.toMillis()
                            + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(String.valueOf(c), c);
        } finally {
            ex.shutdownNow();
        }
    }

    private String exchange(String path) throws IOException {
        try (SocketChannel ch = open()) {
            String req = "GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n";
            ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (InputStream in = Channels.newInputStream(ch)) {
                in.transferTo(buf);
            }
            String all = buf.toString(StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            if (!all.startsWith("HTTP/") || split < 0) {
                throw new IOException(
                        "Docker at " + dockerHost + " gave no HTTP answer to GET " + path);
            }
            String status = all.substring(0, all.indexOf("\r\n"));
            String body = all.substring(split + 4);
            if (!status.contains(" 200 ")) {
                throw new IOException(
                        "Docker answered '" + status + "' to GET " + path + ": " + body.strip());
            }
            return body;
        }
    }

    private SocketChannel open() throws IOException {
        SocketAddress addr;
        SocketChannel ch;
        if (dockerHost.startsWith("unix://")) {
            addr = UnixDomainSocketAddress.of(dockerHost.substring("unix://".length()));
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } else if (dockerHost.startsWith("tcp://")) {
            URIParts p = URIParts.of(dockerHost);
            addr = new InetSocketAddress(p.host(), p.port());
            ch = SocketChannel.open();
        } else {
            throw new IOException(
                    "docker.host '" + dockerHost + "' is neither unix:///path nor tcp://host:port");
        }
        try {
            ch.connect(addr);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw new IOException(
                    "cannot connect to Docker at " + dockerHost + ": " + e.getMessage(), e);
        }
    }

    private record URIParts(String host, int port) {
        static URIParts of(String tcp) {
            String hp = tcp.substring("tcp://".length()).replaceAll("/.*$", "");
            int colon = hp.lastIndexOf(':');
            return new URIParts(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
        }
    }
}
