package org.failoverwatchdog.probes;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** One TCP connection attempt to a node's port: accepted, refused (the host answered) or silent. */
public final class TcpProbe {
    private final Duration timeout;

    public TcpProbe(Duration timeout) {
        this.timeout = timeout;
    }

    public Observed<Reach> reach(String ip, int port) {
        Stopwatch sw = Stopwatch.start();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), (int) timeout.toMillis());
            return Observed.known(
                    new Reach(Reach.Kind.ACCEPTS, ip + ":" + port + " accepted"), sw.elapsed());
        } catch (ConnectException e) {
            // "Connection refused" is a reset from the host; "No route to host" and the like are
            // silence.
            boolean refused = String.valueOf(e.getMessage()).contains("refused");
            return Observed.known(
                    new Reach(
                            refused ? Reach.Kind.REFUSES : Reach.Kind.SILENT,
                            ip + ":" + port + " " + e.getMessage()),
                    sw.elapsed());
        } catch (IOException e) {
            return Observed.known(
                    new Reach(Reach.Kind.SILENT, ip + ":" + port + " " + e.getMessage()),
                    sw.elapsed());
        }
    }
}
