package org.failoverwatchdog.drills.remote;

/** What a command did. exit is -1 when it could not run or did not finish in time. */
public record CommandResult(int exit, String stdout, String stderr) {
    public boolean ok() {
        return exit == 0;
    }

    /** One line for logs and failure reasons. */
    public String brief() {
        String err = stderr.isBlank() ? stdout : stderr;
        String last = err.strip().lines().reduce((a, b) -> b).orElse("");
        return "exit "
                + exit
                + (last.isEmpty()
                        ? ""
                        : ": " + (last.length() > 300 ? last.substring(0, 300) + "..." : last));
    }
}
