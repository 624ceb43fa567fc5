package org.failoverwatchdog.refapp.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A minimal HTTP/1.1 GET over a plain socket. It exists because the JDK 17 HttpClient cannot bind
 * its local address, and every outgoing connection must come from NODE_IP.
 */
public final class MiniHttpClient {

    private static final int MAX_RESPONSE = 1 << 20;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    public record Response(int status, String body) {}

    private MiniHttpClient() {}

    /** GET within {@code timeout} overall (connect plus read), or an IOException. */
    public static Response get(
            Optional<InetAddress> localAddress, HostPort target, String path, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int ms = (int) Math.max(1, timeout.toMillis());
        try (Socket s = Sockets.connect(localAddress, target, ms, ms)) {
            OutputStream out = s.getOutputStream();
            String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
            out.write(
                    ("GET "
                                    + path
                                    + " HTTP/1.1\r\nHost: "
                                    + host
                                    + ":"
                                    + target.port()
                                    + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(readAll(s, deadline));
        }
    }

    private static byte[] readAll(Socket s, long deadline) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("HTTP response not complete in time");
            }
            s.setSoTimeout((int) left);
            int n = in.read(chunk);
            if (n == -1) {
                return buf.toByteArray();
            }
            buf.write(chunk, 0, n);
            if (buf.size() > MAX_RESPONSE) {
                throw new IOException("HTTP response larger than " + MAX_RESPONSE + " bytes");
            }
        }
    }

    static Response parse(byte[] raw) throws IOException {
        int headerEnd = indexOf(raw, CRLF_CRLF, 0);
        if (headerEnd < 0) {
            throw new IOException("malformed HTTP response: no end of headers");
        }
        String[] lines = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            if (!statusLine[0].startsWith("HTTP/1.")) {
                throw new IllegalArgumentException();
            }
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            throw new IOException("malformed HTTP status line: " + lines[0]);
        }
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i].toLowerCase(Locale.ROOT);
            chunked |= l.startsWith("transfer-encoding:") && l.contains("chunked");
        }
        int bodyStart = headerEnd + CRLF_CRLF.length;
        byte[] body =
                chunked ? dechunk(raw, bodyStart) : Arrays.copyOfRange(raw, bodyStart, raw.length);
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] raw, int pos) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int eol = indexOf(raw, CRLF, pos);
            if (eol < 0) {
                throw new IOException("truncated chunked body");
            }
            int size;
            try {
                String sizeField = new String(raw, pos, eol - pos, StandardCharsets.ISO_8859_1);
                size = Integer.parseInt(sizeField.split(";")[0].trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size");
            }
            if (size == 0) {
                return out.toByteArray();
            }
            int start = eol + CRLF.length;
            if (size < 0 || start + size > raw.length) {
                throw new IOException("truncated chunk");
            }
            out.write(raw, start, size);
            pos = start + size + CRLF.length;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
