package org.failoverwatchdog.drills.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The drills' shell scripts as resources; {@link #bash} is used by the tests of the classes that
 * send them.
 */
public class ShellScriptTest {
    /**
     * Runs bash with the script on stdin (as the drills' shells do) and returns stdout; stderr and
     * the exit code must be clean.
     */
    public static String bash(String script, String... args)
            throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(Stream.concat(Stream.of("bash"), Stream.of(args)).toList())
                        .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertEquals("", err);
        return out;
    }

    /** Every script shipped in drill-scripts/: loaded from the classpath, and valid bash. */
    @Test
    void everyShippedScriptLoadsFromTheClasspathAndIsValidBash() throws Exception {
        List<String> names = shipped();
        assertTrue(
                names.containsAll(
                        List.of(
                                "node-facts",
                                "crash-service",
                                "crash-postgres",
                                "tick-snapshot",
                                "evidence")),
                names.toString());
        for (String name : names) {
            String text = ShellScript.text(name);
            assertTrue(
                    text.startsWith("# shellcheck shell=bash\n"),
                    name + ": says it is bash, for scripts/lint-shell");
            bash(text, "-n");
        }
    }

    static List<String> shipped() throws URISyntaxException, IOException {
        Path dir = Path.of(ShellScript.class.getClassLoader().getResource(ShellScript.DIR).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".sh"))
                    .map(f -> f.substring(0, f.length() - 3))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aMissingScriptIsABuildErrorThatSaysSo() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ShellScript.text("no-such-script"));
        assertTrue(e.getMessage().contains("drill-scripts/no-such-script.sh"), e.getMessage());
    }

    @Test
    void inputsComeFirstInTheGivenOrderEachOneShellWord() {
        String s = ShellScript.with("crash-postgres", "B_ONE", "x y", "A_TWO", "it's");
        assertTrue(s.startsWith("B_ONE='x y'\nA_TWO='it'\\''s'\n# shellcheck shell=bash\n"), s);
        assertThrows(
                IllegalArgumentException.class,
                () -> ShellScript.with("crash-postgres", "lower", "v"));
        assertThrows(
                IllegalArgumentException.class, () -> ShellScript.with("crash-postgres", "ODD"));
    }

    @Test
    void aValueIsDataNeverCode() throws Exception {
        for (String v :
                List.of(
                        "plain",
                        "with space",
                        "it's",
                        "$(echo injected)",
                        "`echo x`",
                        "a\nb",
                        "'; echo no #",
                        "\\",
                        "")) {
            assertEquals(v, bash("V=" + ShellScript.quote(v) + "\nprintf %s \"$V\""), v);
        }
        assertFalse(
                bash("V=" + ShellScript.quote("$(touch /tmp/shellscript-test-injected)") + "\n:")
                        .contains("injected"));
        assertFalse(Files.exists(Path.of("/tmp/shellscript-test-injected")));
    }
}
