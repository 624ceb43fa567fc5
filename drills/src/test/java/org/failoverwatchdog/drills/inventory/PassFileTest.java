package org.failoverwatchdog.drills.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PassFileTest {
    @Test
    void theFirstMatchingLineWinsAndStarsMatchAnything() {
        String text =
                "# comment\n10.0.0.11:9999:app:app:first\n*:*:app:app:second\n*:*:*:repmgr:other\n";
        assertEquals(Optional.of("first"), PassFile.lookup(text, "10.0.0.11", 9999, "app", "app"));
        assertEquals(Optional.of("second"), PassFile.lookup(text, "10.0.0.12", 9999, "app", "app"));
        assertEquals(Optional.empty(), PassFile.lookup(text, "10.0.0.12", 9999, "app", "watchdog"));
    }

    @Test
    void escapedColonsAndBackslashes() {
        assertEquals(
                List.of("h", "1", "d", "u", "pa:ss\\word"),
                PassFile.fields("h:1:d:u:pa\\:ss\\\\word"));
        assertEquals(Optional.of("a:b"), PassFile.lookup("*:*:*:*:a\\:b", "h", 1, "d", "u"));
    }
}
