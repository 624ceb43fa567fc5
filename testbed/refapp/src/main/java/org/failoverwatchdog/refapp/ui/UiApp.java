package org.failoverwatchdog.refapp.ui;

import java.io.IOException;
import org.failoverwatchdog.refapp.support.Http;
import org.failoverwatchdog.refapp.support.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mode "ui": the front end's static page; it tells which node served it. */
public final class UiApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UiApp.class);

    private final Http http;

    private UiApp(Http http) {
        this.http = http;
    }

    public static UiApp start(Settings settings) throws IOException {
        String node = escape(settings.nodeName());
        String page =
                "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>refapp</title></head>\n"
                        + "<body><h1>Reference application</h1><p>Served by node <code>"
                        + node
                        + "</code>.</p></body></html>\n";
        Http http =
                Http.bind("ui", settings.bindIp(), settings.port("HTTP_PORT", 8080))
                        .get("/", ex -> Http.send(ex, 200, "text/html; charset=utf-8", page))
                        .get("/health", ex -> Http.text(ex, 200, "ok\n"))
                        .start();
        LOG.info("ui up: HTTP on {}:{}", settings.bindIp(), http.port());
        return new UiApp(http);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        LOG.info("ui stopped");
    }
}
