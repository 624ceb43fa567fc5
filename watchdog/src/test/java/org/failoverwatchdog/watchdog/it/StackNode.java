package org.failoverwatchdog.watchdog.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.probes.EnvFile;

/**
 * One "node" of the loopback two-node world: a Compose project of the reference stack bound to its
 * own loopback address, a watchdog config and state directory, and the real watchdog CLI.
 */
final class StackNode {
    static final Path REPO =
            Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    final String name;
    final String ip;
    final String peerIp;
    final String project;
    final Path dir;
    final Path config;
    final Path stateDir;

    StackNode(
            String name,
            String ip,
            String peerName,
            String peerIp,
            Path root,
            Path passfile,
            Map<String, String> env)
            throws Exception {
        this.name = name;
        this.ip = ip;
        this.peerIp = peerIp;
        this.project = "fwit" + name;
        this.dir = root.resolve(name);
        this.stateDir = dir.resolve("state");
        Files.createDirectories(dir);
        Files.copy(
                REPO.resolve("testbed/stack/docker-compose.yml"),
                dir.resolve("docker-compose.yml"));
        EnvFile e =
                EnvFile.parse(
                        "env.example", Files.readString(REPO.resolve("testbed/stack/env.example")));
        for (Map.Entry<String, String> kv : env.entrySet()) e = e.with(kv.getKey(), kv.getValue());
        Files.writeString(dir.resolve(".env"), "# test node " + name + "\n" + e.render());
        this.config = dir.resolve("watchdog.yml");
        Files.writeString(
                config,
                """
                node: {name: %s, ip: %s}
                peer: {name: %s, ip: %s}
                postgres:
                  local: "host=%s port=15432 dbname=postgres user=watchdog"
                  pooler: "host=%s port=19999 dbname=postgres user=watchdog"
                  peer: "host=%s port=15432 dbname=postgres user=watchdog"
                  passfile: %s
                router:
                  service_types: {GATEWAY: gateway, DATASERVICE: dataservice, EDGE: edge, BASTION: bastion}
                compose:
                  project_dir: %s
                  project_name: %s
                thresholds:
                  router_absent: 5s
                  repair_grace: 3s
                  repair_backoff: 0s
                  min_role_change_interval: 0s
                  peer_port: 8080
                state_dir: %s
                """
                        .formatted(
                                name, ip, peerName, peerIp, ip, ip, peerIp, passfile, dir, project,
                                stateDir));
    }

    Sh.Result watchdog(String... args) {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                REPO.resolve("bin/failover-watchdog").toString(),
                                "--config",
                                config.toString()));
        cmd.addAll(List.of(args));
        // Debug: every tick prints each note that holds ("still: ..."), not only new ones, which
        // tickUntilTransition reads to tell a tick that rightly waited on an UNKNOWN.
        return Sh.run(
                dir,
                Map.of(
                        "WATCHDOG_JAR",
                        REPO.resolve("watchdog/target/watchdog.jar").toString(),
                        "WATCHDOG_CDS_DIR",
                        stateDir.resolve("cds").toString(),
                        "WATCHDOG_LOG_LEVEL",
                        "DEBUG"),
                600,
                cmd);
    }

    Sh.Result tick() {
        Sh.Result r = watchdog("tick");
        System.out.println("[" + name + " tick] exit " + r.exit() + "\n" + r.err());
        return r;
    }

    /**
     * Ticks, as the timer would, until a tick records a transition, and returns it. A tick on a
     * loaded machine may find an observation UNKNOWN (a probe timed out) and rightly do nothing;
     * such a tick must change nothing, and the next one acts.
     */
    JsonNode tickUntilTransition(java.time.Duration within) throws Exception {
        int before = transitions();
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Sh.Result r = tick();
            if (r.exit() != 0)
                throw new AssertionError(name + ": tick exited " + r.exit() + "\n" + r.err());
            if (transitions() > before) return lastTransition();
            if (!r.err().contains("UNKNOWN"))
                throw new AssertionError(
                        name + ": a tick with every observation made did not act:\n" + r.err());
            if (System.nanoTime() > deadline)
                throw new AssertionError(name + ": no transition within " + within);
            Thread.sleep(2000); // the next tick, as the timer would start it
        }
    }

    JsonNode status() throws IOException {
        Sh.Result r = watchdog("status", "--json");
        JsonNode n = JSON.readTree(r.out());
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("exitCode", r.exit());
        return n;
    }

    JsonNode lastTransition() throws IOException {
        JsonNode h = JSON.readTree(watchdog("history", "--json", "--limit", "1").ok().out());
        return h.size() == 0 ? null : h.get(0);
    }

    int transitions() throws IOException {
        return JSON.readTree(watchdog("history", "--json", "--limit", "1000").ok().out()).size();
    }

    Sh.Result compose(String... args) {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "docker-compose",
                                "-p",
                                project,
                                "--project-directory",
                                dir.toString(),
                                "-f",
                                dir.resolve("docker-compose.yml").toString()));
        cmd.addAll(List.of(args));
        return Sh.run(dir, Map.of(), 300, cmd);
    }

    String containerId(String service) {
        return Sh.run(
                        List.of(
                                "docker",
                                "ps",
                                "-aq",
                                "--filter",
                                "label=com.docker.compose.project=" + project,
                                "--filter",
                                "label=com.docker.compose.service=" + service))
                .ok()
                .out()
                .strip();
    }

    /** StartedAt of the service's container, or null when it has none. */
    Instant startedAt(String service) {
        String id = containerId(service);
        if (id.isEmpty()) return null;
        String s =
                Sh.run(
                                List.of(
                                        "docker",
                                        "inspect",
                                        "-f",
                                        "{{.State.Running}} {{.State.StartedAt}}",
                                        id.lines().findFirst().orElseThrow()))
                        .ok()
                        .out()
                        .strip();
        return s.startsWith("true") ? Instant.parse(s.substring(5)) : null;
    }

    boolean running(String service) {
        return startedAt(service) != null;
    }

    Map<String, String> env() throws Exception {
        EnvFile e = EnvFile.read(dir.resolve(".env"));
        Map<String, String> m = new LinkedHashMap<>();
        e.lines()
                .forEach(
                        l -> {
                            if (l.key() != null) m.put(l.key(), l.value());
                        });
        return m;
    }

    /**
     * What a failed test needs to be understood from CI's output alone: each container's state and
     * health, the log tail of every container that is not healthy, and the watchdog's own status.
     * Every line starts with "DIAG", which scripts/test shows when integration tests fail.
     */
    String diagnosis() {
        StringBuilder d = new StringBuilder();
        Sh.Result ps =
                Sh.run(
                        List.of(
                                "docker",
                                "ps",
                                "-a",
                                "--filter",
                                "label=com.docker.compose.project=" + project,
                                "--format",
                                "{{.ID}} {{.Label \"com.docker.compose.service\"}} {{.Status}}"));
        d.append(ps.out()).append(ps.err());
        ps.out()
                .lines()
                .filter(l -> !l.contains("(healthy)"))
                .forEach(
                        l -> {
                            String id = l.split(" ")[0];
                            Sh.Result logs = Sh.run(List.of("docker", "logs", "--tail", "25", id));
                            d.append("--- log tail of ")
                                    .append(l)
                                    .append('\n')
                                    .append(logs.out())
                                    .append(logs.err());
                        });
        Sh.Result st = watchdog("status");
        d.append("--- failover-watchdog status (exit ")
                .append(st.exit())
                .append(")\n")
                .append(st.out())
                .append(st.err());
        StringBuilder out = new StringBuilder();
        d.toString()
                .lines()
                .forEach(l -> out.append("DIAG ").append(name).append(": ").append(l).append('\n'));
        return out.toString();
    }

    /**
     * The registry of the router on routerIp, as type@nodeIp -> ROLE/STATUS, or null when it does
     * not answer.
     */
    static Map<String, String> registry(String routerIp) {
        try {
            HttpURLConnection c =
                    (HttpURLConnection)
                            URI.create("http://" + routerIp + ":9000/router/rest/status")
                                    .toURL()
                                    .openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            if (c.getResponseCode() != 200) return null;
            try (InputStream in = c.getInputStream()) {
                JsonNode n = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                Map<String, String> m = new LinkedHashMap<>();
                n.get("services")
                        .forEach(
                                s ->
                                        m.put(
                                                s.get("type").asText()
                                                        + "@"
                                                        + s.get("nodeIp").asText(),
                                                s.get("role").asText()
                                                        + "/"
                                                        + s.get("status").asText()));
                return m;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** The registry once the router answers (a loaded machine may miss one read timeout). */
    static Map<String, String> registryAnswer(String routerIp) {
        return org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofSeconds(1))
                .until(() -> registry(routerIp), java.util.Objects::nonNull);
    }

    static int httpStatus(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(3000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
