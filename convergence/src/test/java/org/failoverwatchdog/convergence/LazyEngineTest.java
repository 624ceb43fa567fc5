package org.failoverwatchdog.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LazyEngineTest {
    @Test
    void aPlanWithoutRestartNeverLoadsDockerJava() throws Exception {
        // A fresh JVM, so classes loaded by other tests in this one cannot hide or fake the result.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CommandRunner.Outcome o =
                CommandRunner.run(
                        List.of(
                                "sh",
                                "-c",
                                "\"$0\" -verbose:class -cp \"$1\" org.failoverwatchdog.convergence.QuietTickMain | grep -c -e dockerjava -e succeeded=true",
                                java,
                                System.getProperty("java.class.path")),
                        null,
                        Map.of(),
                        Duration.ofSeconds(60));
        // grep counts lines: exactly one, the success line; no docker-java class was loaded.
        assertEquals(List.of("1"), o.lastLines(), o.tail());
    }

    @Test
    void lazyBuildsOnceOnFirstGet() {
        int[] built = {0};
        Lazy<String> lazy = Lazy.of(() -> "engine" + (++built[0]));
        assertEquals(0, built[0]);
        assertEquals("engine1", lazy.get());
        assertEquals("engine1", lazy.get());
        assertTrue(lazy.initialized());
    }
}
