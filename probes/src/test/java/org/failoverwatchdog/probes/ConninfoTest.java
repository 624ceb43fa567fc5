package org.failoverwatchdog.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** libpq conninfo strings: quoting as libpq does it, and a password is never accepted nor echoed. */
class ConninfoTest {

    @Test
    void plainKeywordsBecomeTheJdbcUrlAndProperties() {
        Conninfo c = Conninfo.parse("host=127.0.0.11 port=15432 dbname=postgres user=watchdog sslmode=require");
        assertEquals("127.0.0.11", c.host());
        assertEquals(15432, c.port());
        assertEquals("jdbc:postgresql://127.0.0.11:15432/postgres", c.jdbcUrl());
        assertEquals("watchdog@127.0.0.11:15432/postgres", c.describe());
        Properties p = c.jdbcProperties(Duration.ofMillis(1500));
        assertEquals("watchdog", p.getProperty("user"));
        assertEquals("require", p.getProperty("sslmode"));
        assertEquals("2", p.getProperty("connectTimeout"), "rounded up to whole seconds");
        assertEquals("2", p.getProperty("socketTimeout"));
        assertFalse(p.containsKey("password"));
    }

    @Test
    void defaultsAreLibpqs() {
        Conninfo c = Conninfo.parse("host=db.example");
        assertEquals(5432, c.port());
        assertEquals("jdbc:postgresql://db.example:5432/postgres", c.jdbcUrl());
        assertEquals("postgres@db.example:5432/postgres", c.describe());
        assertEquals("watchdog", c.jdbcProperties(Duration.ofSeconds(2)).getProperty("ApplicationName"));
    }

    @Test
    void quotedValuesMayHoldSpacesEscapedQuotesAndBackslashes() {
        Conninfo c = Conninfo.parse("  host='127.0.0.1'   application_name='the watchdog\\'s probe \\\\ x' user = watchdog\tdbname=''  ");
        assertEquals("127.0.0.1", c.host());
        Properties p = c.jdbcProperties(Duration.ofSeconds(2));
        assertEquals("the watchdog's probe \\ x", p.getProperty("ApplicationName"));
    }

    @Test
    void anUnterminatedQuoteIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conninfo.parse("host=x application_name='oops"));
        assertTrue(e.getMessage().contains("unterminated quote"), e.getMessage());
        assertTrue(e.getMessage().contains("application_name"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "host=127.0.0.1 user=watchdog password=Sup3rS3cretValue",
            "host=127.0.0.1 password='Sup3rS3cretValue' user=watchdog",
            "password=Sup3rS3cretValue host=127.0.0.1",
            "host=127.0.0.1 password='Sup3rS3cretValue"})
    void aPasswordIsRefusedAndNotEchoed(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conninfo.parse(text));
        assertFalse(e.getMessage().contains("Sup3rS3cretValue"), "the secret is echoed: " + e.getMessage());
        assertTrue(e.getMessage().contains("password") || e.getMessage().contains("quote"), e.getMessage());
    }

    @Test
    void thePasswordMessageSaysWhereItBelongs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conninfo.parse("host=h password=x"));
        assertTrue(e.getMessage().contains("passfile"), e.getMessage());
    }

    @Test
    void aMissingHostIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conninfo.parse("port=5432 dbname=postgres user=watchdog"));
        assertTrue(e.getMessage().contains("no host="), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conninfo.parse(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"host=h port=abc", "host=h port=0", "host=h port=70000", "host=h port="})
    void aPortThatIsNotOneIsRefusedAtParseTime(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conninfo.parse(text));
        assertTrue(e.getMessage().contains("port"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "host=h Port=5", "host=h user=a b"})
    void garbageIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Conninfo.parse(text));
    }
}
