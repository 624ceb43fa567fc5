package org.failoverwatchdog.watchdog.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command for the integration tests, with a deadline, capturing its output. */
final class Sh {
    record Result(int exit, String out, String err) {
        Result ok() {
            if (exit != 0)
                throw new AssertionError("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
            return this;
        }
    }

    static Result run(Path cwd, Map<String, String> env, long timeoutSeconds, List<String> cmd) {
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).directory(cwd == null ? null : cwd.toFile());
            pb.environment().putAll(env);
            Path out = java.nio.file.Files.createTempFile("it-out", ".txt");
            Path err = java.nio.file.Files.createTempFile("it-err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish within " + timeoutSeconds + " s");
            }
            Result r =
                    new Result(
                            p.exitValue(),
                            java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                            java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError(cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(List<String> cmd) {
        return run(null, Map.of(), 300, cmd);
    }
}
