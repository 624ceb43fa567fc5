package org.failoverwatchdog.convergence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one external command with a deadline, keeping the last lines of its output for error
 * messages; a caller that needs every line (with the moment it came) gives a consumer.
 */
public final class CommandRunner {
    static final int KEPT_LINES = 15;

    public record Outcome(int exitCode, List<String> lastLines, boolean timedOut, Duration took) {
        public String tail() {
            return lastLines.isEmpty() ? "(no output)" : String.join(" | ", lastLines);
        }
    }

    private CommandRunner() {}

    /**
     * @param environment applied to the inherited environment: a null value removes the variable
     */
    static Outcome run(
            List<String> command, Path workDir, Map<String, String> environment, Duration timeout)
            throws IOException {
        return run(command, workDir, environment, timeout, line -> {});
    }

    /**
     * As {@link #run(List, Path, Map, Duration)}, each line of stdout and stderr also given to
     * eachLine as it comes (from the threads that read them: the consumer must be thread-safe).
     */
    public static Outcome run(
            List<String> command,
            Path workDir,
            Map<String, String> environment,
            Duration timeout,
            Consumer<String> eachLine)
            throws IOException {
        long start = System.nanoTime();
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (workDir != null) pb.directory(workDir.toFile());
        environment.forEach(
                (k, v) -> {
                    if (v == null) pb.environment().remove(k);
                    else pb.environment().put(k, v);
                });
        Process p = pb.start();
        Deque<String> tail = new ArrayDeque<>();
        Consumer<String> sink =
                line -> {
                    keep(tail, line);
                    eachLine.accept(line);
                };
        Thread out = drain(p.getInputStream(), sink);
        Thread err = drain(p.getErrorStream(), sink);
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                // Past the deadline: kill the whole tree (compose v2 is a plugin process under
                // docker).
                killTree(p);
                p.waitFor(5, TimeUnit.SECONDS);
            }
            out.join(2000);
            err.join(2000);
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        List<String> lines;
        synchronized (tail) {
            lines = new ArrayList<>(tail);
        }
        return new Outcome(
                finished ? p.exitValue() : -1,
                lines,
                !finished,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The parent first: killed after its children, a shell running "a; b" would start b in between.
     * Its descendants are listed before, while they still are its (killed, they go to init).
     */
    private static void killTree(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static void keep(Deque<String> tail, String line) {
        if (line.isBlank()) return;
        synchronized (tail) {
            tail.addLast(line.strip());
            while (tail.size() > KEPT_LINES) tail.removeFirst();
        }
    }

    private static Thread drain(InputStream in, Consumer<String> sink) {
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(in, StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = r.readLine()) != null) sink.accept(line);
                            } catch (IOException | UncheckedIOException e) {
                                // The process was killed or closed its stream: what was read is
                                // what we have.
                            }
                        },
                        "command-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
