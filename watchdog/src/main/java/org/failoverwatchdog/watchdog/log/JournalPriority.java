package org.failoverwatchdog.watchdog.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Prefixes each line with a syslog priority when stderr is the systemd journal (JOURNAL_STREAM
 * set), so journalctl -p works; nothing otherwise. What each means here:
 *
 * <ul>
 *   <li>err (3): a failed plan, a config error, a state file set aside, a tick that failed
 *   <li>warning (4): a fence, a hook that failed or timed out, metrics that cannot be written
 *   <li>notice (5): a transition (a plan that succeeded): logged at info with the {@link #NOTICE}
 *       marker
 *   <li>info (6): notes (each when it appears and when it goes away), the steps of a plan
 *   <li>debug (7)
 * </ul>
 *
 * Logback has no NOTICE level, hence the marker: `journalctl -p notice` is then every transition
 * and every problem, without the notes.
 */
public final class JournalPriority extends ClassicConverter {
    /** Marks an info event as notice: "normal but significant" (a transition). */
    public static final Marker NOTICE = MarkerFactory.getMarker("NOTICE");

    private static final boolean JOURNAL = System.getenv("JOURNAL_STREAM") != null;

    @Override
    public String convert(ILoggingEvent e) {
        return JOURNAL
                ? prefix(
                        e.getLevel(),
                        e.getMarkerList() != null && e.getMarkerList().contains(NOTICE))
                : "";
    }

    /** The syslog prefix of an event at this level (notice: marked {@link #NOTICE}). */
    static String prefix(Level l, boolean notice) {
        if (l == Level.ERROR) return "<3>";
        if (l == Level.WARN) return "<4>";
        if (l == Level.INFO) return notice ? "<5>" : "<6>";
        return "<7>";
    }

    /**
     * For lines written straight to stderr (the CLI's config errors): "&lt;3&gt;" under the
     * journal, else nothing.
     */
    public static String errPrefix() {
        return JOURNAL ? "<3>" : "";
    }
}
