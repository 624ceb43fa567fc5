package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.failoverwatchdog.watchdog.config.ConfigLoader;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {
    @TempDir
    Path dir;

    private WatchdogConfig config(Path textfile) throws Exception {
        return ConfigLoader.parse(dir.resolve("watchdog.yml"), """
                node: {name: node1, ip: 10.0.0.11}
                peer: {name: node2, ip: 10.0.0.12}
                postgres:
                  local: "host=127.0.0.1 port=5432 dbname=postgres user=watchdog"
                  pooler: "host=127.0.0.1 port=9999 dbname=postgres user=watchdog"
                router:
                  service_types: {GATEWAY: gateway}
                compose: {project_dir: %s}
                metrics: {textfile: %s}
                """.formatted(dir, textfile));
    }

    @Test
    void aTextfileDirectoryThatDoesNotExistIsAProblemWithItsFix() throws Exception {
        String missing = dir.resolve("watchdog.yml") + ": metrics.textfile: the directory " + dir.resolve("nope") + " does not exist (fix: ";
        assertTrue(new ConfigCheck(config(dir.resolve("nope/fw.prom"))).run().problems().stream().anyMatch(p -> p.startsWith(missing)));
        Files.createDirectory(dir.resolve("textfile"));
        assertTrue(new ConfigCheck(config(dir.resolve("textfile/fw.prom"))).run().problems().stream().noneMatch(p -> p.contains("metrics.textfile")));
    }
}
