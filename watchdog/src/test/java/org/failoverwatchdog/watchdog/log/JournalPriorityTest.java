package org.failoverwatchdog.watchdog.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

/**
 * journalctl -p: err for failures, warning for a fence, notice for a transition, info for notes.
 */
class JournalPriorityTest {
    @Test
    void eachLevelHasItsSyslogPriority() {
        assertEquals("<3>", JournalPriority.prefix(Level.ERROR, false));
        assertEquals("<4>", JournalPriority.prefix(Level.WARN, false));
        assertEquals(
                "<5>",
                JournalPriority.prefix(Level.INFO, true),
                "a transition: info marked NOTICE");
        assertEquals("<6>", JournalPriority.prefix(Level.INFO, false));
        assertEquals("<7>", JournalPriority.prefix(Level.DEBUG, false));
    }
}
