package org.failoverwatchdog.probes;

import java.util.concurrent.ThreadFactory;

/**
 * The threads of the watchdog's own pools: daemons, so that a probe or a call that hangs past its
 * timeout never keeps a tick, a command or the guard from exiting.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** Daemon threads, each named name (as thread dumps and logs show it). */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
