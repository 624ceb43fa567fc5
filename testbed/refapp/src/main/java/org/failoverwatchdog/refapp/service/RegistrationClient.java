package org.failoverwatchdog.refapp.service;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.failoverwatchdog.refapp.support.HostPort;
import org.failoverwatchdog.refapp.support.LineReader;
import org.failoverwatchdog.refapp.support.Sockets;
import org.failoverwatchdog.refapp.support.Waits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service side of the registration protocol. Retries every second until it registers once;
 * after that connection closes it never registers again (the amnesia the watchdog's Rule 2 heals by
 * restarting the service).
 */
public final class RegistrationClient implements AutoCloseable {

    public enum State {
        CONNECTING,
        STARTING,
        ACTIVE,
        LOST,
        STOPPED
    }

    /** Callbacks from the registration thread. */
    public interface Listener {
        void onActive(String role);

        void onLost(String role);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationClient.class);
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int ROLE_TIMEOUT_MS = 5_000;
    private static final int POLL_MS = 1_000;
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    private final Optional<InetAddress> localAddress;
    private final HostPort registra;
    private final String type;
    private final String instanceId;
    private final Duration readyDelay;
    private final boolean stuck;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Socket socket;
    private volatile State state = State.CONNECTING;
    private volatile String role;

    public RegistrationClient(
            Optional<InetAddress> localAddress,
            HostPort registra,
            String type,
            String instanceId,
            Duration readyDelay,
            boolean stuck,
            Listener listener) {
        this.localAddress = localAddress;
        this.registra = registra;
        this.type = type;
        this.instanceId = instanceId;
        this.readyDelay = readyDelay;
        this.stuck = stuck;
        this.listener = listener;
        this.thread = new Thread(this::run, "registration-client");
        thread.setDaemon(true);
    }

    public RegistrationClient start() {
        thread.start();
        return this;
    }

    public State state() {
        return state;
    }

    /** MASTER or SLAVE once registered, else null. */
    public String role() {
        return role;
    }

    /** True while the registration thread runs (connecting or holding the connection). */
    public boolean isAlive() {
        return thread.isAlive();
    }

    private void run() {
        Optional<Socket> registered = registerOnce();
        if (registered.isEmpty()) {
            return;
        }
        try (Socket s = registered.get()) {
            hold(s);
        } catch (IOException e) {
            if (!stopping) {
                LOG.warn("registration connection to {} failed: {}", registra, e.toString());
            }
        }
        if (stopping) {
            state = State.STOPPED;
            return;
        }
        state = State.LOST;
        LOG.warn(
                "registration connection to {} closed (router gone?); {} {} will not register again",
                registra,
                type,
                instanceId);
        listener.onLost(role);
    }

    /** Connects and sends REGISTER until a ROLE answer arrives; returns the open socket. */
    private Optional<Socket> registerOnce() {
        String lastError = null;
        while (!stopping) {
            Socket s = null;
            try {
                s = Sockets.connect(localAddress, registra, CONNECT_TIMEOUT_MS, ROLE_TIMEOUT_MS);
                socket = s;
                send(s, "REGISTER " + type + " " + instanceId);
                String answer = new LineReader(s.getInputStream()).readLine();
                if (answer != null
                        && (answer.equals("ROLE MASTER") || answer.equals("ROLE SLAVE"))) {
                    role = answer.substring("ROLE ".length());
                    state = State.STARTING;
                    LOG.info(
                            "registered with router {} as {} {} {}",
                            registra,
                            type,
                            instanceId,
                            role);
                    return Optional.of(s);
                }
                throw new IOException("unexpected answer to REGISTER: " + answer);
            } catch (IOException e) {
                closeQuietly(s);
                // one line per distinct failure, not one a second while the router is down
                if (!e.toString().equals(lastError)) {
                    LOG.info(
                            "registration with {} not possible yet ({}); retrying every second",
                            registra,
                            e.toString());
                    lastError = e.toString();
                }
                Waits.until(RETRY_EVERY, () -> stopping);
            }
        }
        state = State.STOPPED;
        return Optional.empty();
    }

    /**
     * Sends READY after the delay (unless stuck) and then watches the connection until it closes.
     */
    private void hold(Socket s) throws IOException {
        LineReader in = new LineReader(new BufferedInputStream(s.getInputStream()));
        long readyAt = System.nanoTime() + readyDelay.toNanos();
        boolean readySent = false;
        if (stuck) {
            LOG.warn(
                    "REGISTRATION_STUCK=true: {} {} will never send READY and stays STARTING",
                    type,
                    instanceId);
        }
        while (!stopping) {
            long untilReady = readyAt - System.nanoTime();
            if (!stuck && !readySent && untilReady <= 0) {
                send(s, "READY");
                readySent = true;
                LOG.info("sent READY for {} {}", type, instanceId);
            }
            boolean waitingForReady = !stuck && !readySent;
            s.setSoTimeout(
                    waitingForReady
                            ? (int) Math.max(1, Math.min(POLL_MS, untilReady / 1_000_000))
                            : POLL_MS);
            String line;
            try {
                line = in.readLine();
            } catch (SocketTimeoutException idle) {
                continue;
            }
            if (line == null) {
                return;
            }
            if (line.equals("OK") && state != State.ACTIVE) {
                state = State.ACTIVE;
                LOG.info("router lists {} {} as ACTIVE {}", type, instanceId, role);
                listener.onActive(role);
            } else if (!line.isEmpty() && !line.equals("OK")) {
                LOG.warn(
                        "ignoring line from router: '{}'",
                        line.length() > 80 ? line.substring(0, 80) : line);
            }
        }
    }

    private static void send(Socket s, String line) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing left to do with a socket we are abandoning
            }
        }
    }

    /** Closes the registration connection (the router then drops the entry) and ends the thread. */
    @Override
    public void close() {
        stopping = true;
        closeQuietly(socket);
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
