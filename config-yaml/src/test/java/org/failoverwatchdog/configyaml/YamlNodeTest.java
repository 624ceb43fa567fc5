package org.failoverwatchdog.configyaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YamlNodeTest {
    /** Stands for a caller's own exception (ConfigException, InventoryException). */
    static final class Bad extends Exception {
        Bad(String message) {
            super(message);
        }
    }

    static YamlNode<Bad> yaml(String text) throws Bad {
        return YamlNode.parse("f.yml", text, "start from the example", Bad::new);
    }

    static String fails(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(Bad.class, e).getMessage();
    }

    @Test
    void anErrorNamesFileLineFieldAndFix() throws Bad {
        YamlNode<Bad> port =
                yaml("a:\n  b:\n    port: x\n").req("a", "").req("b", "").req("port", "");
        assertEquals(
                "f.yml:3: a.b.port: 'x' is not a whole number (fix: use a number from 1 to 9)",
                fails(() -> port.integer(1, 9)));
    }

    @Test
    void anUnknownFieldIsRefusedAtItsKeysLine() {
        String m = fails(() -> yaml("a:\n  b: 1\n  c: 2\n").req("a", "").allowOnly(Set.of("b")));
        assertEquals("f.yml:3: a.c: unknown field 'c' (fix: use one of [b])", m);
    }

    @Test
    void aMissingFieldSaysWhatToAdd() {
        assertEquals(
                "f.yml:1: missing field 'b' (fix: add b: 1)",
                fails(() -> yaml("a: 1\n").req("b", "add b: 1")));
    }

    @Test
    void aFieldWithoutAValueIsAbsent() throws Bad {
        assertTrue(yaml("a:\nb: null\n").opt("a").isEmpty());
        assertTrue(yaml("a:\nb: null\n").opt("b").isEmpty());
        assertEquals("x", yaml("a:\n").stringOr("a", "x"));
        assertEquals(7, yaml("a: 7\n").intOr("a", 1, 1, 9));
        assertEquals(true, yaml("b: 1\n").boolOr("a", true));
    }

    @Test
    void notAMapping() {
        assertEquals(
                "f.yml:1: expected a mapping of fields (fix: indent the fields of the file under it)",
                fails(() -> yaml("- a\n").keys()));
    }

    @Test
    void brokenOrEmptyYamlSaysWhereAndWhat() {
        assertTrue(
                fails(() -> yaml("a: {b: 1\n"))
                        .matches(
                                "f\\.yml:\\d+: not valid YAML: .* \\(fix: check the indentation and quoting on that line\\)"));
        assertEquals(
                "f.yml: the file is empty (fix: start from the example)", fails(() -> yaml("")));
    }

    /** The watchdog took h but not d, the drills neither: one set of units for both now. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"250ms, PT0.25S", "5s, PT5S", "2m, PT2M", "1h, PT1H", "1d, PT24H", "0s, PT0S"})
    void aDurationTakesEveryUnit(String text, Duration expected) throws Bad {
        assertEquals(
                expected,
                yaml("d: " + text + "\n").req("d", "").duration(Duration.ZERO, Duration.ofDays(7)));
    }

    @Test
    void aDurationOutsideItsRangeSaysTheRange() {
        assertEquals(
                "f.yml:1: d: 10m is out of range (fix: use a duration from 1s to 120s)",
                fails(
                        () ->
                                yaml("d: 10m\n")
                                        .req("d", "")
                                        .duration(Duration.ofSeconds(1), Duration.ofMinutes(2))));
        assertEquals(
                "f.yml:1: d: 100ms is out of range (fix: use a duration from 200ms to 3s)",
                fails(
                        () ->
                                yaml("d: 100ms\n")
                                        .req("d", "")
                                        .duration(Duration.ofMillis(200), Duration.ofSeconds(3))));
        assertTrue(
                fails(
                                () ->
                                        yaml("d: 2h\n")
                                                .req("d", "")
                                                .duration(Duration.ZERO, Duration.ofSeconds(60)))
                        .contains("d: 2h is out of range"));
    }

    @Test
    void aDurationTooLongForADurationIsOutOfRangeNotACrash() {
        assertTrue(
                fails(
                                () ->
                                        yaml("d: 99999999999999999999999s\n")
                                                .req("d", "")
                                                .duration(Duration.ZERO, Duration.ofDays(1)))
                        .contains("is out of range"));
        assertTrue(
                fails(
                                () ->
                                        yaml("d: 9999999999999999d\n")
                                                .req("d", "")
                                                .duration(Duration.ZERO, Duration.ofDays(1)))
                        .contains("is out of range"));
    }

    @Test
    void aDurationWithoutAUnitIsRefused() {
        assertEquals(
                "f.yml:1: d: '5' is not a duration (fix: write a number with a unit: 500ms, 5s, 2m, 1h, 1d)",
                fails(
                        () ->
                                yaml("d: 5\n")
                                        .req("d", "")
                                        .duration(Duration.ZERO, Duration.ofDays(1))));
        assertTrue(
                fails(
                                () ->
                                        yaml("d: 1w\n")
                                                .req("d", "")
                                                .duration(Duration.ZERO, Duration.ofDays(1)))
                        .contains("'1w' is not a duration"));
    }

    @Test
    void integersAndBooleans() throws Bad {
        assertEquals(22, yaml("p: 22\n").req("p", "").integer(1, 65535));
        assertTrue(
                fails(() -> yaml("p: 0\n").req("p", "").integer(1, 65535))
                        .contains("p: 0 is out of range (fix: use a number from 1 to 65535)"));
        assertEquals(false, yaml("b: false\n").req("b", "").bool());
        assertTrue(
                fails(() -> yaml("b: yes\n").req("b", "").bool())
                        .contains("b: 'yes' is not true or false (fix: write true or false)"));
    }

    @Test
    void anIpIsIpv4Only() throws Bad {
        assertEquals("10.0.0.11", yaml("ip: 10.0.0.11\n").req("ip", "").ip());
        assertTrue(
                fails(() -> yaml("ip: 10.0.0.256\n").req("ip", "").ip())
                        .contains("ip: '10.0.0.256' is not an IPv4 address"));
        assertTrue(
                fails(() -> yaml("ip: node1\n").req("ip", "").ip())
                        .contains("ip: 'node1' is not an IPv4 address"));
    }

    @Test
    void anAddressIsIpv4OrAHostName() throws Bad {
        assertEquals("node1.example.com", yaml("a: node1.example.com\n").req("a", "").address());
        assertEquals("10.0.0.11", yaml("a: 10.0.0.11\n").req("a", "").address());
        assertTrue(
                fails(() -> yaml("a: 10.0.0.300\n").req("a", "").address())
                        .contains("a: '10.0.0.300' is not an IPv4 address"));
        assertTrue(
                fails(() -> yaml("a: -node\n").req("a", "").address())
                        .contains("is neither an IPv4 address nor a host name"));
    }

    @Test
    void aUrlIsAbsoluteWithOneOfTheSchemes() throws Bad {
        assertEquals(
                URI.create("https://h/x"),
                yaml("u: https://h/x\n").req("u", "").url(Set.of("http", "https"), "https://h/x"));
        assertEquals(
                "f.yml:1: u: 'ftp://h/y' is not an absolute http/https URL (fix: write e.g. https://h/x)",
                fails(
                        () ->
                                yaml("u: ftp://h/y\n")
                                        .req("u", "")
                                        .url(Set.of("http", "https"), "https://h/x")));
        assertTrue(
                fails(() -> yaml("u: 'http://a b'\n").req("u", "").url(Set.of("http"), "http://h/"))
                        .contains("is not a URL ("));
    }

    /** The watchdog took a single value as a list of one, the drills did not: both do now. */
    @Test
    void aListOfStringsTakesASingleValueAsAListOfOne() throws Bad {
        assertEquals(List.of("edge"), yaml("s: edge\n").req("s", "").strings("service"));
        assertEquals(List.of("a", "b"), yaml("s: [a, b]\n").req("s", "").strings("service"));
        assertEquals(List.of("a", "b"), yaml("s:\n  - a\n  - b\n").req("s", "").strings("service"));
    }

    @Test
    void aListOfStringsIsNotEmptyNorAMapping() {
        assertEquals(
                "f.yml:1: s: the list is empty (fix: name at least one service)",
                fails(() -> yaml("s: []\n").req("s", "").strings("service")));
        assertTrue(
                fails(() -> yaml("s: {a: 1}\n").req("s", "").strings("service"))
                        .contains(
                                "s: expected a list (fix: write the items as '- item' lines or [a, b])"));
        assertTrue(
                fails(() -> yaml("s: [a, '']\n").req("s", "").strings("service"))
                        .contains("s[1]: expected a non-empty value"));
    }

    @Test
    void listItemsAreNamedByIndex() throws Bad {
        List<YamlNode<Bad>> items = yaml("n:\n  - {a: 1}\n  - {a: x}\n").req("n", "").list();
        assertEquals("n[1]", items.get(1).path());
        assertEquals(
                "f.yml:3: n[1].a: 'x' is not a whole number (fix: use a number from 1 to 9)",
                fails(() -> items.get(1).req("a", "").integer(1, 9)));
        assertTrue(
                fails(() -> yaml("n: 1\n").req("n", "").list())
                        .contains("n: expected a list (fix: write the items as '- item' lines)"));
    }
}
