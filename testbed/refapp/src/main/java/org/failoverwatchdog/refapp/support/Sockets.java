package org.failoverwatchdog.refapp.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;

/** Outgoing sockets: bound to NODE_IP when set, with connect/read timeouts and fast keepalive. */
public final class Sockets {

    private Sockets() {}

    public static Socket connect(
            Optional<InetAddress> localAddress,
            HostPort target,
            int connectTimeoutMs,
            int readTimeoutMs)
            throws IOException {
        Socket s = new Socket();
        try {
            // binding the source address is what makes the router record the right node IP
            if (localAddress.isPresent()) {
                s.bind(new InetSocketAddress(localAddress.get(), 0));
            }
            s.connect(new InetSocketAddress(target.host(), target.port()), connectTimeoutMs);
            s.setSoTimeout(readTimeoutMs);
            s.setTcpNoDelay(true);
            fastKeepAlive(s);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Long-lived registration connections must notice a peer that vanished without a FIN
     * (power-off); the default keepalive (2 h) is far too slow for that.
     */
    public static void fastKeepAlive(Socket s) {
        try {
            s.setKeepAlive(true);
            setIfSupported(s, ExtendedSocketOptions.TCP_KEEPIDLE, 5);
            setIfSupported(s, ExtendedSocketOptions.TCP_KEEPINTERVAL, 2);
            setIfSupported(s, ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
        } catch (IOException e) {
            // keepalive is a refinement; the connection works without it
        }
    }

    private static void setIfSupported(Socket s, SocketOption<Integer> option, int value)
            throws IOException {
        if (s.supportedOptions().contains(option)) {
            s.setOption(option, value);
        }
    }
}
