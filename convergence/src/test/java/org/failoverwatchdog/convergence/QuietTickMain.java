package org.failoverwatchdog.convergence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.probes.Conninfo;
import org.failoverwatchdog.probes.ContainerProbe;
import org.failoverwatchdog.probes.DockerApi;
import org.failoverwatchdog.probes.JeremyRouterAdapter;
import org.failoverwatchdog.probes.PostgresProbe;
import org.failoverwatchdog.probes.RouterProbe;

/**
 * Wires the executor as the watchdog would and runs a plan with no Restart; run in a fresh JVM by
 * LazyEngineTest.
 */
public final class QuietTickMain {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("quiet-tick");
        Path env = dir.resolve(".env");
        Files.writeString(env, "COMPOSE_PROFILES=ha-secondary\n");
        ProbeGates gates =
                new ProbeGates(
                        new PostgresProbe(Duration.ofSeconds(1)),
                        Conninfo.parse("host=127.0.0.1 port=1"),
                        new RouterProbe(Duration.ofSeconds(1), new JeremyRouterAdapter()),
                        "http://{ip}:1/router/rest/status",
                        new ContainerProbe(
                                new DockerApi(
                                        "unix:///var/run/docker.sock", Duration.ofSeconds(1))),
                        "stack",
                        Conninfo.parse("host=127.0.0.1 port=1"));
        PlanExecutor executor =
                new PlanExecutor(
                        new EnvFileWriter(env),
                        new ComposeCli(dir, "stack", env, Duration.ofSeconds(5)),
                        ContainerEngine.dockerJava(
                                "unix:///var/run/docker.sock", Duration.ofSeconds(5)),
                        gates,
                        "stack",
                        Duration.ofSeconds(5),
                        PlanExecutor.DEFAULT_POLL,
                        Optional.empty());
        PlanResult r =
                executor.run(
                        new Plan(
                                PlanKind.REPAIR,
                                RuleName.RULE2,
                                "quiet tick",
                                List.of(
                                        new Step.SetEnv(
                                                Map.of("COMPOSE_PROFILES", "ha-secondary")))));
        System.out.println("succeeded=" + r.succeeded());
        Files.delete(env);
        Files.delete(dir);
    }
}
