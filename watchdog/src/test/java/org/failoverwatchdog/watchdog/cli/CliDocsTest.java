package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build-time completion and man pages cover the whole command line. */
class CliDocsTest {
    @TempDir Path dir;

    @Test
    void theCompletionAndTheManPagesCoverEveryCommandAndOption() throws Exception {
        CliDocs.write(dir);
        Path completion = dir.resolve("completion/failover-watchdog");
        String bash = Files.readString(completion);
        assertTrue(
                bash.contains("complete -F _complete_failover-watchdog"),
                "completes the command failover-watchdog");
        List<String> commands = List.copyOf(Main.commandLine().getSubcommands().keySet());
        for (String c : commands) {
            assertTrue(bash.contains("_picocli_failover-watchdog_" + c + "()"), c);
            String page =
                    Files.readString(dir.resolve("man-adoc/failover-watchdog-" + c + ".adoc"));
            assertTrue(
                    page.contains("= failover-watchdog-" + c + "(1)")
                            && page.contains("*failover-watchdog " + c + "*"),
                    page);
            assertTrue(
                    page.contains("*--config*=_FILE_"),
                    c + ": the inherited option is on every page");
        }
        assertTrue(
                bash.contains("--limit")
                        && bash.contains("--config-only")
                        && bash.contains("--reason"));
        String status = Files.readString(dir.resolve("man-adoc/failover-watchdog-status.adoc"));
        assertTrue(
                status.contains("*--json*")
                        && status.contains("guard_beat_age")
                        && status.contains("UNKNOWN"),
                status);
        assertTrue(
                Files.readString(dir.resolve("man-adoc/failover-watchdog.adoc"))
                        .contains("failover-watchdog-status(1)"));
        Process p =
                new ProcessBuilder("bash", "-n", completion.toString())
                        .redirectErrorStream(true)
                        .start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    }
}
