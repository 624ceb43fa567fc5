package org.failoverwatchdog.probes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Whether a node answers on its check port (sshd by default). Only an accepted connection counts:
 * a refusal means the service the port stands for is not there, which is what the check asks.
 */
public final class TcpProbe {
    private final Duration timeout;

    public TcpProbe(Duration timeout) {
        this.timeout = timeout;
    }

    public Observed<Answer> answers(String ip, int port) {
        Stopwatch sw = Stopwatch.start();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), (int) timeout.toMillis());
            return Observed.known(Answer.yes(ip + ":" + port + " accepted"), sw.elapsed());
        } catch (IOException e) {
            return Observed.known(Answer.no(ip + ":" + port + " " + e.getMessage()), sw.elapsed());
        }
    }
}
