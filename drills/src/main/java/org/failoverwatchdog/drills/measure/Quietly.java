package org.failoverwatchdog.drills.measure;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The pause between samples and the close of a connection that may be broken, for the measuring
 * threads.
 */
public final class Quietly {
    private Quietly() {}

    /** A poll interval; an interrupt ends it early and is kept for the caller's loop to see. */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void close(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is broken anyway
        }
    }
}
