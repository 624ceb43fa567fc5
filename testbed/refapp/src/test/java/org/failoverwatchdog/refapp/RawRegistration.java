package org.failoverwatchdog.refapp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.failoverwatchdog.refapp.support.LineReader;

/** A hand-driven registration connection, to test the router's side of the protocol. */
public final class RawRegistration implements AutoCloseable {

    private final Socket socket;
    private final LineReader in;

    public RawRegistration(int port) throws IOException {
        this(null, port);
    }

    /**
     * @param local source address to bind, or null for the default
     */
    public RawRegistration(InetAddress local, int port) throws IOException {
        socket = new Socket();
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.setSoTimeout(5_000);
        in = new LineReader(socket.getInputStream());
    }

    public String send(String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return in.readLine();
    }

    public String readLine() throws IOException {
        return in.readLine();
    }

    /** REGISTER and return the router's answer. */
    public String register(String type, String instanceId) throws IOException {
        return send("REGISTER " + type + " " + instanceId);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
