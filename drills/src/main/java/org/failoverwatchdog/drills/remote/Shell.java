package org.failoverwatchdog.drills.remote;

import java.time.Duration;

/** Somewhere to run a bash script: a node over SSH, or the drill host itself. */
public interface Shell {
    /** Runs script with bash (given on stdin, so nothing lands in process lists); never throws. */
    CommandResult run(String script, Duration timeout);

    String where();
}
