package org.failoverwatchdog.refapp.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads '\n'-terminated UTF-8 lines with a length cap. A read timeout (SocketTimeoutException)
 * keeps the partial line, so callers can poll a stop flag between timeouts without losing data.
 */
public final class LineReader {

    private static final int MAX_LINE = 512;

    private final InputStream in;
    private final byte[] buf = new byte[MAX_LINE];
    private int len;

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at end of stream. */
    public String readLine() throws IOException {
        while (true) {
            int c = in.read();
            if (c == -1) {
                return null;
            }
            if (c == '\n') {
                String line = new String(buf, 0, len, StandardCharsets.UTF_8).strip();
                len = 0;
                return line;
            }
            if (len == MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            buf[len++] = (byte) c;
        }
    }
}
