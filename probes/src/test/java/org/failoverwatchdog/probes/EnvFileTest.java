package org.failoverwatchdog.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .env parser: whatever Compose would misread is refused with file:line and the fix; rewriting
 * keeps the rest.
 */
class EnvFileTest {
    private static final String NAME = "/opt/stack/.env";
    private static final String GOOD =
            """
            # HA state of this node (managed by the watchdog)
            COMPOSE_PROFILES=ha-secondary

            # the node whose router is active
            HA_ROUTER_IP=10.77.0.11
            NODE_A_IP = 10.77.0.11
            NODE_B_IP="10.77.0.12"
            GREETING='hello world'
            TRAILING=value # a comment
            """;

    private static EnvFileException refused(String text) {
        return assertThrows(EnvFileException.class, () -> EnvFile.parse(NAME, text));
    }

    @Test
    void readsValuesUnquotedAndWithoutComments() throws Exception {
        EnvFile env = EnvFile.parse(NAME, GOOD);
        assertEquals(Optional.of("ha-secondary"), env.get("COMPOSE_PROFILES"));
        assertEquals(Optional.of("10.77.0.11"), env.get("HA_ROUTER_IP"));
        assertEquals(Optional.of("10.77.0.11"), env.get("NODE_A_IP"));
        assertEquals(Optional.of("10.77.0.12"), env.get("NODE_B_IP"));
        assertEquals(Optional.of("hello world"), env.get("GREETING"));
        assertEquals(Optional.of("value"), env.get("TRAILING"));
        assertEquals(Optional.empty(), env.get("MISSING"));
        assertEquals(GOOD, env.render(), "an unchanged file renders byte for byte");
    }

    @Test
    void aLineWithoutEqualsNamesFileLineAndFix() {
        EnvFileException e =
                refused("# comment\nCOMPOSE_PROFILES=ha-primary\nHA_ROUTER_IP 10.77.0.11\n");
        assertTrue(e.getMessage().startsWith(NAME + ":3: "), e.getMessage());
        assertTrue(
                e.getMessage().contains("'HA_ROUTER_IP 10.77.0.11' is not KEY=VALUE"),
                e.getMessage());
        assertTrue(e.getMessage().contains("fix: "), e.getMessage());
    }

    @Test
    void aBadKeyIsRefused() {
        EnvFileException e = refused("COMPOSE_PROFILES=ha-primary\n9LIVES=yes\n");
        assertTrue(e.getMessage().startsWith(NAME + ":2: "), e.getMessage());
        assertTrue(e.getMessage().contains("fix: "), e.getMessage());
    }

    @Test
    void aDuplicateKeyNamesBothLines() {
        EnvFileException e =
                refused("HA_ROUTER_IP=10.77.0.11\n\n# again\nHA_ROUTER_IP=10.77.0.12\n");
        assertTrue(e.getMessage().startsWith(NAME + ":4: "), e.getMessage());
        assertTrue(
                e.getMessage().contains("HA_ROUTER_IP is set twice (also on line 1)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("fix: keep one"), e.getMessage());
    }

    @Test
    void anUnterminatedQuoteNamesFileLineAndFix() {
        EnvFileException e = refused("COMPOSE_PROFILES=ha-primary\nHA_ROUTER_IP=\"10.77.0.11\n");
        assertTrue(e.getMessage().startsWith(NAME + ":2: unterminated quote"), e.getMessage());
        assertTrue(e.getMessage().contains("fix: close the quote"), e.getMessage());
        EnvFileException single = refused("A='\n");
        assertTrue(
                single.getMessage().startsWith(NAME + ":1: unterminated quote"),
                single.getMessage());
    }

    @Test
    void withKeepsCommentsBlankLinesAndOrderAndRewritesInPlace() throws Exception {
        EnvFile env =
                EnvFile.parse(NAME, GOOD)
                        .with("HA_ROUTER_IP", "10.77.0.12")
                        .with("COMPOSE_PROFILES", "ha-primary");
        assertEquals(
                GOOD.replace("HA_ROUTER_IP=10.77.0.11", "HA_ROUTER_IP=10.77.0.12")
                        .replace("COMPOSE_PROFILES=ha-secondary", "COMPOSE_PROFILES=ha-primary"),
                env.render());
        assertEquals(Optional.of("10.77.0.12"), env.get("HA_ROUTER_IP"));
    }

    @Test
    void withAppendsANewKeyAtTheEnd() throws Exception {
        EnvFile env = EnvFile.parse(NAME, GOOD).with("NEW_KEY", "x,y");
        assertEquals(GOOD + "NEW_KEY=x,y\n", env.render());
        // and the result parses back to the same values
        assertEquals(Optional.of("x,y"), EnvFile.parse(NAME, env.render()).get("NEW_KEY"));
    }

    @Test
    void aFileWithoutFinalNewlineGainsOneButLosesNothing() throws Exception {
        EnvFile env = EnvFile.parse(NAME, "# c\nA=1").with("A", "2");
        assertEquals("# c\nA=2\n", env.render());
    }

    @Test
    void withRefusesAValueThatWouldNeedQuoting() throws Exception {
        EnvFile env = EnvFile.parse(NAME, GOOD);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> env.with("HA_ROUTER_IP", "10.77.0.12 # oops"));
        assertTrue(e.getMessage().contains("HA_ROUTER_IP"), e.getMessage());
        assertEquals(GOOD, env.render(), "the original is untouched");
    }

    @Test
    void withALineOfAnotherFileKeepsItAsWrittenInPlaceOrAtTheEnd() throws Exception {
        EnvFile desired =
                EnvFile.parse(
                        "desired", "GREETING=\"bye now\"\nJAVA_OPTS=-Xmx1g -XX:+UseSerialGC\n");
        EnvFile env =
                EnvFile.parse(NAME, GOOD).with(desired.lines().get(0)).with(desired.lines().get(1));
        assertEquals(
                GOOD.replace("GREETING='hello world'", "GREETING=\"bye now\"")
                        + "JAVA_OPTS=-Xmx1g -XX:+UseSerialGC\n",
                env.render());
        assertEquals(Optional.of("bye now"), env.get("GREETING"));
        assertEquals(
                Optional.of("-Xmx1g -XX:+UseSerialGC"),
                EnvFile.parse(NAME, env.render()).get("JAVA_OPTS"));
        EnvFile comment = EnvFile.parse("c", "# only a comment\n");
        assertThrows(IllegalArgumentException.class, () -> env.with(comment.lines().get(0)));
    }

    @Test
    void readNamesTheRealPath(@TempDir Path dir) throws Exception {
        Path f = dir.resolve(".env");
        Files.writeString(f, "COMPOSE_PROFILES=ha-primary\nbroken line\n", StandardCharsets.UTF_8);
        EnvFileException e = assertThrows(EnvFileException.class, () -> EnvFile.read(f));
        assertTrue(e.getMessage().startsWith(f + ":2: "), e.getMessage());
    }
}
