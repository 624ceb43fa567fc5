package org.failoverwatchdog.drills.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The drill host's load average (Linux), recorded with each iteration: busy hosts stretch every
 * timing.
 */
final class HostLoad {
    private HostLoad() {}

    static String read() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0]
                    + "/"
                    + f[1]
                    + "/"
                    + f[2]
                    + " ("
                    + Runtime.getRuntime().availableProcessors()
                    + " CPUs)";
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }
}
