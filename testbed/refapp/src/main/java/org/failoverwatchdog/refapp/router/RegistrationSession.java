package org.failoverwatchdog.refapp.router;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.failoverwatchdog.refapp.support.LineReader;
import org.failoverwatchdog.refapp.support.ServiceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's registration connection: REGISTER, ROLE, READY, OK; the entry lives as long as the
 * connection does.
 */
final class RegistrationSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationSession.class);
    private static final Pattern REGISTER = Pattern.compile("REGISTER ([A-Z]+) (\\S{1,200})");

    /** Time a new connection gets to send its REGISTER line. */
    private static final int REGISTER_WITHIN_MS = 10_000;

    private static final int POLL_MS = 1_000;

    private final Socket socket;
    private final Registry registry;
    private final BooleanSupplier running;

    RegistrationSession(Socket socket, Registry registry, BooleanSupplier running) {
        this.socket = socket;
        this.registry = registry;
        this.running = running;
    }

    @Override
    public void run() {
        String peer = socket.getInetAddress().getHostAddress();
        Optional<Entry> entry = Optional.empty();
        try (socket;
                BufferedInputStream raw = new BufferedInputStream(socket.getInputStream());
                Writer out =
                        new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
            LineReader in = new LineReader(raw);
            socket.setSoTimeout(REGISTER_WITHIN_MS);
            String first = in.readLine();
            if (first == null) {
                LOG.info("registration connection from {} closed before REGISTER", peer);
                return;
            }
            var m = REGISTER.matcher(first);
            if (!m.matches() || !ServiceType.isKnown(m.group(1))) {
                LOG.warn(
                        "rejecting registration from {}: bad first line '{}'",
                        peer,
                        abbreviate(first));
                send(out, "ERR expected: REGISTER <TYPE> <instanceId>");
                return;
            }
            Entry e = registry.register(m.group(1), m.group(2), peer);
            entry = Optional.of(e);
            LOG.info(
                    "registered {} {} from {} as {} (STARTING)",
                    e.type(),
                    e.instanceId(),
                    peer,
                    e.role());
            send(out, "ROLE " + e.role());
            socket.setSoTimeout(POLL_MS);
            followUp(in, out, e);
        } catch (IOException e) {
            LOG.info("registration connection from {} failed: {}", peer, e.toString());
        } finally {
            entry.flatMap(e -> registry.remove(e.id()))
                    .ifPresent(
                            e ->
                                    LOG.info(
                                            "dropped {} {} from {}: connection closed",
                                            e.type(),
                                            e.instanceId(),
                                            e.nodeIp()));
        }
    }

    /**
     * Reads until the connection closes or the router stops; the only line that matters is READY.
     */
    private void followUp(LineReader in, Writer out, Entry e) throws IOException {
        while (running.getAsBoolean()) {
            String line;
            try {
                line = in.readLine();
            } catch (SocketTimeoutException idle) {
                continue; // poll the running flag
            }
            if (line == null) {
                return;
            }
            if (line.equals("READY")) {
                registry.markActive(e.id())
                        .ifPresent(
                                a ->
                                        LOG.info(
                                                "{} {} from {} is ACTIVE",
                                                a.type(),
                                                a.instanceId(),
                                                a.nodeIp()));
                send(out, "OK");
            } else if (!line.isEmpty()) {
                LOG.warn(
                        "ignoring line from {} {}: '{}'",
                        e.type(),
                        e.instanceId(),
                        abbreviate(line));
            }
        }
    }

    private static void send(Writer out, String line) throws IOException {
        out.write(line + "\n");
        out.flush();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
