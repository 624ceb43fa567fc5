package org.failoverwatchdog.drills.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Progress lines: on stderr for the operator, and in the results folder's drill.log. */
public final class Progress {
    private final PrintStream err;
    private final Path logFile;
    private String prefix = "";

    public Progress(PrintStream err, Path logFile) {
        this.err = err;
        this.logFile = logFile;
    }

    public void prefix(String p) {
        prefix = p;
    }

    public synchronized void line(String msg) {
        String l = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + prefix + msg;
        err.println(l);
        try {
            Files.writeString(
                    logFile,
                    l + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            err.println("(cannot write " + logFile + ": " + e.getMessage() + ")");
        }
    }
}
