package org.failoverwatchdog.refapp.router;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.failoverwatchdog.refapp.support.Sockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts registration connections on REGISTRA_PORT, one session thread per service instance. */
final class RegistrationServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationServer.class);
    private static final int ACCEPT_POLL_MS = 1_000;

    private final ServerSocket serverSocket;
    private final Registry registry;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService sessions;
    private final Thread acceptor;
    private volatile boolean running = true;

    RegistrationServer(String bindIp, int port, Registry registry) throws IOException {
        this.registry = registry;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true); // a restarted router must get its port back at once
        serverSocket.bind(new InetSocketAddress(bindIp, port), 64);
        serverSocket.setSoTimeout(ACCEPT_POLL_MS);
        AtomicInteger n = new AtomicInteger();
        this.sessions =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "registration-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        this.acceptor = new Thread(this::acceptLoop, "registration-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (SocketTimeoutException idle) {
                continue;
            } catch (IOException e) {
                if (running) {
                    LOG.warn("accept on registration port failed: {}", e.toString());
                }
                continue;
            }
            Sockets.fastKeepAlive(s);
            open.add(s);
            sessions.execute(
                    () -> {
                        try {
                            new RegistrationSession(s, registry, () -> running).run();
                        } finally {
                            open.remove(s);
                        }
                    });
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("closing registration server socket: {}", e.toString());
        }
        // closing the connections is what services observe as "router died"
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing registration connection: {}", e.toString());
            }
        }
        sessions.shutdown();
        try {
            acceptor.join(2_000);
            sessions.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
