package org.failoverwatchdog.refapp.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MiniHttpClientTest {

    @Test
    void parsesFixedLengthAndChunkedBodies() throws IOException {
        MiniHttpClient.Response plain =
                MiniHttpClient.parse(
                        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhällo"
                                .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, plain.status());
        assertEquals("hällo", plain.body());
        MiniHttpClient.Response chunked =
                MiniHttpClient.parse(
                        "HTTP/1.1 503 X\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab\u00e4\r\n2\r\ncd\r\n0\r\n\r\n"
                                .replace("ab\u00e4", "abc")
                                .getBytes(StandardCharsets.UTF_8));
        assertEquals(503, chunked.status());
        assertEquals("abccd", chunked.body());
    }

    @Test
    void rejectsGarbage() {
        assertThrows(
                IOException.class,
                () -> MiniHttpClient.parse("SSH-2.0\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                IOException.class,
                () -> MiniHttpClient.parse("HTTP/1.1 200".getBytes(StandardCharsets.UTF_8)));
    }
}
