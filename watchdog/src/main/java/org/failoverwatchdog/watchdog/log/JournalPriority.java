package org.failoverwatchdog.watchdog.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Prefixes each line with a syslog priority (&lt;3&gt; error, &lt;4&gt; warning, &lt;6&gt; info, &lt;7&gt; debug)
 * when stderr is the systemd journal (JOURNAL_STREAM set), so journalctl -p works; nothing otherwise.
 */
public final class JournalPriority extends ClassicConverter {
    private static final boolean JOURNAL = System.getenv("JOURNAL_STREAM") != null;

    @Override
    public String convert(ILoggingEvent e) {
        if (!JOURNAL) return "";
        Level l = e.getLevel();
        return l == Level.ERROR ? "<3>" : l == Level.WARN ? "<4>" : l == Level.INFO ? "<6>" : "<7>";
    }
}
