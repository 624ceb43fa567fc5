package org.failoverwatchdog.probes;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads COMPOSE_PROFILES and HA_ROUTER_IP from the .env; a file that cannot be read or parsed is
 * UNKNOWN.
 */
public final class EnvProbe {

    public Observed<EnvValues> observe(Path envFile) {
        Stopwatch sw = Stopwatch.start();
        try {
            EnvFile env = EnvFile.read(envFile);
            return Observed.known(
                    new EnvValues(env.get("COMPOSE_PROFILES"), env.get("HA_ROUTER_IP")),
                    sw.elapsed());
        } catch (NoSuchFileException e) {
            return Observed.unknown(
                    envFile + " does not exist (fix: compose.env_file must name the stack's .env)",
                    sw.elapsed());
        } catch (IOException e) {
            return Observed.unknown(envFile + ": " + e.getMessage(), sw.elapsed());
        } catch (EnvFileException e) {
            return Observed.unknown(e.getMessage(), sw.elapsed());
        }
    }
}
