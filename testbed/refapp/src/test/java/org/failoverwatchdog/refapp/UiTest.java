package org.failoverwatchdog.refapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.failoverwatchdog.refapp.support.Settings;
import org.failoverwatchdog.refapp.ui.UiApp;
import org.junit.jupiter.api.Test;

class UiTest {

    @Test
    void servesPageAndHealth() throws Exception {
        try (UiApp ui =
                UiApp.start(
                        new Settings(
                                Map.of(
                                        "BIND_IP",
                                        "127.0.0.1",
                                        "HTTP_PORT",
                                        "0",
                                        "NODE_IP",
                                        "127.0.0.11")))) {
            HttpResponse<String> page = TestSupport.get(ui.httpPort(), "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("127.0.0.11"));
            assertEquals(200, TestSupport.get(ui.httpPort(), "/health").statusCode());
        }
    }

    @Test
    void unknownModeIsAConfigurationError() {
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> Main.start("nonsense", new Settings(Map.of())));
    }
}
