package org.failoverwatchdog.drills.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChartCommandTest {
    static final Path DIR = Path.of("target", "chart-command");

    static int chart(String... dirs) {
        String[] args = new String[dirs.length + 1];
        args[0] = "chart";
        System.arraycopy(dirs, 0, args, 1, dirs.length);
        return new CommandLine(new DrillCli()).execute(args);
    }

    @Test
    void rendersTheFolderAgainFromItsResultsJson() throws IOException {
        Files.createDirectories(DIR);
        try (InputStream in = getClass().getResourceAsStream("/results-switchover/results.json")) {
            Files.copy(in, DIR.resolve("results.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(DIR.resolve("switchover-1.png"));
        assertEquals(DrillCli.OK, chart(DIR.toString()));
        assertTrue(Files.isRegularFile(DIR.resolve("switchover-1.png")));
    }

    @Test
    void aFolderWithoutResultsJsonIsAUsageErrorAndNothingIsDrawn() {
        assertEquals(DrillCli.USAGE, chart(DIR.toString(), "target/no-such-results"));
    }
}
