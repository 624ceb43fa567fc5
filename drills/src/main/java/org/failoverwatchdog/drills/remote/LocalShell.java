package org.failoverwatchdog.drills.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The drill host (docker kill / docker start of lab nodes, a configured power command). */
public final class LocalShell implements Shell {
    @Override
    public CommandResult run(String script, Duration timeout) {
        try {
            Process p = new ProcessBuilder("bash", "-s").start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(),
                    err = new ByteArrayOutputStream();
            Thread o = pump(p.getInputStream(), out), e = pump(p.getErrorStream(), err);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new CommandResult(
                        -1,
                        out.toString(StandardCharsets.UTF_8),
                        "timed out after " + timeout.toSeconds() + " s");
            }
            o.join(1000);
            e.join(1000);
            return new CommandResult(
                    p.exitValue(),
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            return new CommandResult(-1, "", ex.toString());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new CommandResult(-1, "", "interrupted");
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                in.transferTo(sink);
                            } catch (IOException ignored) {
                                // the process went away; what was read is kept
                            }
                        },
                        "local-shell-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public String where() {
        return "drill host";
    }
}
