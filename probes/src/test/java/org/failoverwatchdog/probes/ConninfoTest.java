package org.failoverwatchdog.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGProperty;

/**
 * libpq conninfo strings: quoting as libpq does it, a password never accepted nor echoed, and every
 * keyword honoured (into the URL or a pgjdbc property) or refused by name with the fix.
 */
class ConninfoTest {

    @Test
    void plainKeywordsBecomeTheJdbcUrlAndProperties() {
        Conninfo c =
                Conninfo.parse(
                        "host=127.0.0.11 port=15432 dbname=postgres user=watchdog sslmode=require");
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
        assertEquals(
                "failover-watchdog",
                c.jdbcProperties(Duration.ofSeconds(2)).getProperty("ApplicationName"));
    }

    @Test
    void quotedValuesMayHoldSpacesEscapedQuotesAndBackslashes() {
        Conninfo c =
                Conninfo.parse(
                        "  host='127.0.0.1'   application_name='the watchdog\\'s probe \\\\ x' user = watchdog\tdbname=''  ");
        assertEquals("127.0.0.1", c.host());
        Properties p = c.jdbcProperties(Duration.ofSeconds(2));
        assertEquals("the watchdog's probe \\ x", p.getProperty("ApplicationName"));
    }

    @Test
    void anUnterminatedQuoteIsRefused() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Conninfo.parse("host=x application_name='oops"));
        assertTrue(e.getMessage().contains("unterminated quote"), e.getMessage());
        assertTrue(e.getMessage().contains("application_name"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "host=127.0.0.1 user=watchdog password=Sup3rS3cretValue",
                "host=127.0.0.1 password='Sup3rS3cretValue' user=watchdog",
                "password=Sup3rS3cretValue host=127.0.0.1",
                "host=127.0.0.1 password='Sup3rS3cretValue"
            })
    void aPasswordIsRefusedAndNotEchoed(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Conninfo.parse(text));
        assertFalse(
                e.getMessage().contains("Sup3rS3cretValue"),
                "the secret is echoed: " + e.getMessage());
        assertTrue(
                e.getMessage().contains("password") || e.getMessage().contains("quote"),
                e.getMessage());
    }

    @Test
    void thePasswordMessageSaysWhereItBelongs() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> Conninfo.parse("host=h password=x"));
        assertTrue(e.getMessage().contains("passfile"), e.getMessage());
    }

    @Test
    void aMissingHostIsRefused() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Conninfo.parse("port=5432 dbname=postgres user=watchdog"));
        assertTrue(e.getMessage().contains("no host="), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conninfo.parse(""));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"host=h port=abc", "host=h port=0", "host=h port=70000", "host=h port="})
    void aPortThatIsNotOneIsRefusedAtParseTime(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Conninfo.parse(text));
        assertTrue(e.getMessage().contains("port"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "host=h Port=5", "host=h user=a b"})
    void garbageIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Conninfo.parse(text));
    }

    // ---------------------------------------------------------------- every keyword honoured or
    // refused

    @Test
    void everyHonouredKeywordBecomesAPropertyPgjdbcKnows() {
        LibpqKeywords.all()
                .forEach(
                        (k, h) -> {
                            String jdbc =
                                    h instanceof LibpqKeywords.Property p
                                            ? p.jdbcName()
                                            : h instanceof LibpqKeywords.Fallback f
                                                    ? f.jdbcName()
                                                    : null;
                            if (jdbc != null)
                                assertTrue(
                                        PGProperty.forName(jdbc) != null,
                                        k + " -> " + jdbc + " is not a pgjdbc property");
                        });
    }

    @Test
    void theUrlKeywordsMakeTheUrl() {
        assertEquals(
                "jdbc:postgresql://[::1]:5433/my+db",
                Conninfo.parse("host=::1 port=5433 dbname='my db'").jdbcUrl());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "user=monitor                             | user               | monitor",
                "sslmode=verify-full                      | sslmode            | verify-full",
                "sslrootcert=/etc/failover-watchdog/ca.crt         | sslrootcert        | /etc/failover-watchdog/ca.crt",
                "sslcert=/etc/failover-watchdog/client.crt         | sslcert            | /etc/failover-watchdog/client.crt",
                "sslkey=/etc/failover-watchdog/client.key          | sslkey             | /etc/failover-watchdog/client.key",
                "sslnegotiation=direct                    | sslNegotiation     | direct",
                "channel_binding=require                  | channelBinding     | require",
                "require_auth=scram-sha-256               | requireAuth        | scram-sha-256",
                "gssencmode=disable                       | gssEncMode         | disable",
                "krbsrvname=postgres                      | kerberosServerName | postgres",
                "gsslib=gssapi                            | gsslib             | gssapi",
                "application_name=wd                      | ApplicationName    | wd",
                "options='-c statement_timeout=1000'      | options            | -c statement_timeout=1000",
                "keepalives=1                             | tcpKeepAlive       | true",
                "keepalives=0                             | tcpKeepAlive       | false"
            })
    void aKeywordPgjdbcSupportsIsPassedOn(String keyword, String property, String value) {
        assertEquals(
                value,
                Conninfo.parse("host=h " + keyword)
                        .jdbcProperties(Duration.ofSeconds(2))
                        .getProperty(property));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sslmode=on",
                "keepalives=yes",
                "channel_binding=maybe",
                "connect_timeout=2s",
                "gssencmode=allow",
                "client_encoding=LATIN1"
            })
    void aValueTheKeywordDoesNotTakeIsRefusedNamingIt(String keyword) {
        ConninfoException e =
                assertThrows(ConninfoException.class, () -> Conninfo.parse("host=h " + keyword));
        assertTrue(
                e.problem().startsWith(keyword.substring(0, keyword.indexOf('=') + 1)),
                e.getMessage());
        assertFalse(e.fix().isBlank());
    }

    @Test
    void connectTimeoutMayShortenTheConnectButNeverOutlastTheProbe() {
        assertEquals(
                "1",
                Conninfo.parse("host=h connect_timeout=1")
                        .jdbcProperties(Duration.ofSeconds(2))
                        .getProperty("connectTimeout"));
        assertEquals(
                "2",
                Conninfo.parse("host=h connect_timeout=10")
                        .jdbcProperties(Duration.ofSeconds(2))
                        .getProperty("connectTimeout"));
        assertEquals(
                "2",
                Conninfo.parse("host=h connect_timeout=0")
                        .jdbcProperties(Duration.ofSeconds(2))
                        .getProperty("connectTimeout"),
                "0: no limit of its own");
    }

    @Test
    void fallbackApplicationNameStandsInOnlyForAMissingApplicationName() {
        assertEquals(
                "fb",
                Conninfo.parse("host=h fallback_application_name=fb")
                        .jdbcProperties(Duration.ofSeconds(2))
                        .getProperty("ApplicationName"));
        for (String text :
                List.of(
                        "host=h fallback_application_name=fb application_name=an",
                        "host=h application_name=an fallback_application_name=fb")) {
            assertEquals(
                    "an",
                    Conninfo.parse(text)
                            .jdbcProperties(Duration.ofSeconds(2))
                            .getProperty("ApplicationName"),
                    text);
        }
    }

    @Test
    void clientEncodingIsAcceptedAsTheUtf8PgjdbcSpeaksAnyway() {
        assertFalse(
                Conninfo.parse("host=h client_encoding=UTF8")
                        .jdbcProperties(Duration.ofSeconds(2))
                        .containsKey("client_encoding"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "keepalives_idle=2",
                "keepalives_interval=1",
                "keepalives_count=3",
                "tcp_user_timeout=5000"
            })
    void tcpTuningTheDriverCannotSetIsRefusedWithTheProbeTimeoutAsTheFix(String keyword) {
        ConninfoException e =
                assertThrows(
                        ConninfoException.class,
                        () -> Conninfo.parse("host=h connect_timeout=2 keepalives=1 " + keyword));
        String name = keyword.substring(0, keyword.indexOf('='));
        assertEquals(
                name
                        + " is not supported by the JDBC driver (fix: remove it; the watchdog bounds every probe with thresholds.probe_timeout)",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sslpassword='Sup3rS3cretValue'   | without a passphrase",
                "scram_client_key=Sup3rS3cretValue | passfile",
                "oauth_client_secret=Sup3rS3cretValue | client certificate",
                "passfile=/root/.pgpass            | postgres.passfile",
                "hostaddr=10.0.0.1                 | host=",
                "service=pair                      | host, port, dbname and user",
                "target_session_attrs=read-write   | remove it",
                "load_balance_hosts=random         | single host",
                "replication=database              | remove it",
                "requiressl=1                      | sslmode=require",
                "sslcrl=/etc/ssl/crl.pem           | replaced on the server",
                "sslcrldir=/etc/ssl/crl            | replaced on the server",
                "sslsni=0                          | remove it",
                "sslcertmode=require               | leave sslcert out",
                "sslcompression=1                  | remove it",
                "ssl_min_protocol_version=TLSv1.3  | postgresql.conf",
                "max_protocol_version=3.2          | remove it",
                "requirepeer=postgres              | remove it",
                "gssdelegation=1                   | remove it",
                "oauth_issuer=https://idp          | client certificate"
            })
    void aKeywordTheWatchdogCannotHonourIsRefusedByNameWithTheFix(String keyword, String fix) {
        ConninfoException e =
                assertThrows(
                        ConninfoException.class,
                        () -> Conninfo.parse("host=h user=watchdog " + keyword));
        assertTrue(
                e.problem().startsWith(keyword.substring(0, keyword.indexOf('=')) + " "),
                e.getMessage());
        assertTrue(e.fix().contains(fix), e.getMessage());
        assertFalse(
                e.getMessage().contains("Sup3rS3cretValue"),
                "a secret is echoed: " + e.getMessage());
    }

    @Test
    void everyRefusalNamesTheKeywordAndAFix() {
        LibpqKeywords.all()
                .forEach(
                        (k, h) -> {
                            if (!(h instanceof LibpqKeywords.Refused)) return;
                            ConninfoException e =
                                    assertThrows(
                                            ConninfoException.class,
                                            () -> Conninfo.parse("host=h " + k + "=1"),
                                            k);
                            assertTrue(
                                    e.getMessage().startsWith(k + " ")
                                            && e.getMessage().contains(" (fix: "),
                                    e.getMessage());
                        });
    }

    @Test
    void aWordThatIsNoLibpqKeywordIsRefusedByName() {
        ConninfoException e =
                assertThrows(
                        ConninfoException.class, () -> Conninfo.parse("host=h sslmod=require"));
        assertTrue(e.problem().equals("'sslmod' is not a libpq conninfo keyword"), e.getMessage());
        assertTrue(e.fix().contains("libpq-connect.html"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"host=a,b", "host=/var/run/postgresql", "host=@abstract"})
    void aHostThatIsNotOneTcpServerIsRefused(String text) {
        ConninfoException e = assertThrows(ConninfoException.class, () -> Conninfo.parse(text));
        assertTrue(e.problem().startsWith("host='"), e.getMessage());
    }
}
