package org.failoverwatchdog.convergence;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.failoverwatchdog.probes.EnvFile;
import org.failoverwatchdog.probes.EnvFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Compose CLI for one project. Compose v2 (`docker compose`) when the docker CLI has it, else
 * v1 (`docker-compose`, what Debian ships). Arguments are only the project name, paths and service
 * names: values (and secrets) come from the .env, never from the command line.
 */
public final class ComposeCli implements Compose {
    private static final Logger log = LoggerFactory.getLogger(ComposeCli.class);
    private static final Duration DETECT_TIMEOUT = Duration.ofSeconds(10);

    public enum Flavor {
        V2,
        V1
    }

    private final Path projectDir;
    private final String projectName;
    private final Path envFile;
    private final Duration timeout;
    private final String docker;
    private final String dockerCompose;
    private Flavor flavor;

    /** Detects the flavor on first use. */
    public ComposeCli(Path projectDir, String projectName, Path envFile, Duration timeout) {
        this(projectDir, projectName, envFile, timeout, null);
    }

    /**
     * @param flavor null to detect on first use
     */
    public ComposeCli(
            Path projectDir, String projectName, Path envFile, Duration timeout, Flavor flavor) {
        this(projectDir, projectName, envFile, timeout, flavor, "docker", "docker-compose");
    }

    /**
     * @param docker, dockerCompose the two CLIs (tests put stand-ins here)
     */
    ComposeCli(
            Path projectDir,
            String projectName,
            Path envFile,
            Duration timeout,
            Flavor flavor,
            String docker,
            String dockerCompose) {
        this.docker = docker;
        this.dockerCompose = dockerCompose;
        this.projectDir = Objects.requireNonNull(projectDir);
        this.projectName = Objects.requireNonNull(projectName);
        this.envFile = Objects.requireNonNull(envFile);
        this.timeout = Objects.requireNonNull(timeout);
        this.flavor = flavor;
    }

    /** `docker compose version` exits 0: v2; anything else (no plugin, no docker CLI): v1. */
    public static Flavor detect() {
        return detect("docker");
    }

    static Flavor detect(String docker) {
        try {
            CommandRunner.Outcome o =
                    CommandRunner.run(
                            List.of(docker, "compose", "version"), null, Map.of(), DETECT_TIMEOUT);
            return o.exitCode() == 0 ? Flavor.V2 : Flavor.V1;
        } catch (IOException e) {
            return Flavor.V1;
        }
    }

    public synchronized Flavor flavor() {
        if (flavor == null) {
            flavor = detect(docker);
            log.debug("compose CLI: {}", String.join(" ", executable()));
        }
        return flavor;
    }

    @Override
    public void up(List<String> services, boolean forceRecreate) throws ActionException {
        List<String> args = new ArrayList<>(List.of("up", "-d", "--no-deps"));
        if (forceRecreate) args.add("--force-recreate");
        run(args, services);
    }

    @Override
    public void remove(List<String> services) throws ActionException {
        if (flavor() == Flavor.V1) {
            run(List.of("rm", "-s", "-f"), services);
        } else {
            run(List.of("stop"), services);
            run(List.of("rm", "-f"), services);
        }
    }

    private List<String> executable() {
        return flavor() == Flavor.V2 ? List.of(docker, "compose") : List.of(dockerCompose);
    }

    /** The full command line for these arguments (for tests and logs). */
    List<String> command(List<String> args, List<String> services) {
        List<String> cmd = new ArrayList<>(executable());
        cmd.addAll(
                List.of(
                        "-p",
                        projectName,
                        "--project-directory",
                        projectDir.toString(),
                        "--env-file",
                        envFile.toString()));
        cmd.addAll(args);
        // "--" keeps a service name from ever being read as an option.
        cmd.add("--");
        cmd.addAll(services);
        return cmd;
    }

    private void run(List<String> args, List<String> services) throws ActionException {
        if (services.isEmpty())
            throw new IllegalArgumentException("no services given to compose " + args.get(0));
        for (String s : services) {
            if (!s.matches("[A-Za-z0-9][A-Za-z0-9_.-]*"))
                throw new IllegalArgumentException("not a service name: '" + s + "'");
        }
        List<String> cmd = command(args, services);
        String what = String.join(" ", cmd);
        CommandRunner.Outcome o;
        try {
            o = CommandRunner.run(cmd, projectDir, childEnvironment(), timeout);
        } catch (IOException e) {
            throw new ActionException(what + " could not be started: " + e.getMessage(), e);
        }
        if (o.timedOut()) {
            throw new ActionException(
                    what
                            + " did not finish within "
                            + timeout.toMillis()
                            + " ms and was killed; last output: "
                            + o.tail());
        }
        if (o.exitCode() != 0) {
            throw new ActionException(what + " exited " + o.exitCode() + ": " + o.tail());
        }
        log.debug("{} took {} ms", what, o.took().toMillis());
    }

    /**
     * Compose lets the caller's environment override the .env. The .env is the node's HA state, so
     * every key it defines (and COMPOSE_PROFILES) is removed from what the CLI inherits.
     */
    private Map<String, String> childEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("COMPOSE_PROFILES", null);
        env.put("COMPOSE_PROJECT_NAME", null);
        try {
            for (EnvFile.Line l : EnvFile.read(envFile).lines()) {
                if (l.key() != null) env.put(l.key(), null);
            }
        } catch (IOException | EnvFileException e) {
            // Compose itself will report the unreadable .env; nothing to clean from the environment
            // then.
        }
        return env;
    }
}
