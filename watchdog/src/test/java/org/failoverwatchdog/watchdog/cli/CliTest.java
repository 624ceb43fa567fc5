package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.JournalRotation;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.convergence.StepResult;
import org.failoverwatchdog.watchdog.testing.WatchdogYml;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line in-process, against a node where nothing answers (every port refuses, no
 * Docker): status CRITICAL, quickly, without touching anything.
 */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;
    private Path config;
    private Path stateDir;

    record Run(int code, String out, String err) {
        String firstLine() {
            return out.lines().findFirst().orElse("");
        }

        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void node() throws Exception {
        Path stack = Files.createDirectory(tmp.resolve("stack"));
        StringBuilder compose = new StringBuilder("services:\n");
        for (String s :
                List.of(
                        "router",
                        "pgpool",
                        "gateway",
                        "dataservice",
                        "edge",
                        "bastion",
                        "ui",
                        "haproxy")) {
            compose.append("  ").append(s).append(": {image: none}\n");
        }
        Files.writeString(stack.resolve("docker-compose.yml"), compose.toString());
        Files.writeString(
                stack.resolve(".env"),
                "# the node's HA state\nCOMPOSE_PROFILES=ha-secondary\nHA_ROUTER_IP=127.0.0.12\n");
        stateDir = tmp.resolve("state");
        config = tmp.resolve("watchdog.yml");
        Files.writeString(
                config,
                WatchdogYml.loopback(1).projectDir(stack).text()
                        + """
                docker:
                  host: unix://%s
                thresholds:
                  probe_timeout: 500ms
                  peer_port: 1
                state_dir: %s
                """
                                .formatted(tmp.resolve("no-docker.sock"), stateDir));
    }

    @Test
    void statusPrintsThePluginLineFirstAndExitsWithTheVerdict() {
        Run r = cli("status", "--config", config.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(
                r.firstLine()
                        .matches(
                                "FAILOVER-WATCHDOG CRITICAL - database: local PostgreSQL refuses connections \\(down\\) \\(\\+\\d more\\)"
                                        + " \\| db_primary=0;;;0;1 timeline=U;;;0 app_primary=0;;;0;1 router_local=U;;;0;1 types_missing=U;;0;0;4 peer_up=0;1:;;0;1 .*"),
                r.firstLine());
        List<String> lines = r.out().lines().toList();
        assertTrue(
                lines.get(1).startsWith("node       node1 (127.0.0.11)"),
                "the details follow: " + r);
        assertTrue(lines.contains("verdict    CRITICAL"), r.toString());
    }

    @Test
    void configGoesBeforeOrAfterTheSubcommand() throws Exception {
        Run before = cli("--config", config.toString(), "plan", "--json");
        Run after = cli("plan", "--json", "--config", config.toString());
        assertEquals(0, before.code(), before.toString());
        assertEquals(before.json(), after.json());
        Run missing = cli("--config", tmp.resolve("nope.yml").toString(), "plan");
        assertEquals(2, missing.code());
        assertTrue(
                missing.err()
                        .contains(
                                tmp.resolve("nope.yml")
                                        + ": no such file (fix: write it, or name another with --config)"),
                missing.toString());
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            assertEquals(
                    "/etc/failover-watchdog/watchdog.yml",
                    sub.getCommandSpec().findOption("--config").defaultValue(),
                    sub.getCommandName());
        }
    }

    @Test
    void aUsageErrorOfStatusIsUnknownNeverTwo() {
        for (List<String> args :
                List.of(
                        List.of("status", "--bogus"),
                        List.of("--bogus", "status"),
                        List.of("status", "extra"),
                        List.of("--config", config.toString(), "status", "--limit", "3"))) {
            Run r = cli(args.toArray(String[]::new));
            assertEquals(3, r.code(), args + ": " + r);
            assertTrue(
                    r.firstLine().startsWith("FAILOVER-WATCHDOG UNKNOWN - usage: "),
                    args + ": " + r);
            assertTrue(
                    r.err().contains("Usage: failover-watchdog"),
                    args + ": the usage on stderr: " + r);
        }
        Run plan = cli("plan", "--bogus");
        assertEquals(2, plan.code(), "other commands keep picocli's 2: " + plan);
        assertEquals("", plan.out());
        Run limit = cli("history", "--limit", "0", "--config", config.toString());
        assertEquals(2, limit.code(), limit.toString());
        assertTrue(limit.err().contains("--limit must be at least 1, not 0"), limit.toString());
    }

    @Test
    void aStatusThatCannotBeTakenIsUnknownWithTheReason() throws Exception {
        Run noConfig = cli("status", "--config", tmp.resolve("nope.yml").toString());
        assertEquals(3, noConfig.code());
        assertEquals(
                "FAILOVER-WATCHDOG UNKNOWN - "
                        + tmp.resolve("nope.yml")
                        + ": no such file (fix: write it, or name another with --config)",
                noConfig.firstLine());
        assertTrue(noConfig.err().contains("no such file"), "stderr as before: " + noConfig);
        JsonNode j = cli("status", "--json", "--config", tmp.resolve("nope.yml").toString()).json();
        assertEquals("UNKNOWN", j.path("verdict").asText());
        assertTrue(j.path("problems").get(0).asText().startsWith("UNKNOWN: "), j.toString());

        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve("state.json"), "{not json");
        Run corrupt = cli("status", "--config", config.toString());
        assertEquals(3, corrupt.code(), corrupt.toString());
        assertTrue(
                corrupt.firstLine()
                        .startsWith(
                                "FAILOVER-WATCHDOG UNKNOWN - "
                                        + stateDir.resolve("state.json")
                                        + ": "),
                corrupt.toString());
    }

    @Test
    void listOnANodeWhereNothingAnswersShowsEveryItemUnknownWithItsReasonAndExitsZero()
            throws Exception {
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve("state.json"), "{not json");
        Path prom = tmp.resolve("failover_watchdog.prom");
        Files.writeString(config, Files.readString(config) + "metrics: {textfile: " + prom + "}\n");
        Files.writeString(
                prom,
                "failover_watchdog_last_tick_timestamp_seconds "
                        + Instant.now().minusSeconds(5).toEpochMilli() / 1000.0
                        + "\nfailover_watchdog_verdict 2\n");
        long t0 = System.nanoTime();
        Run r = cli("list", "--config", config.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(
                Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(10)) < 0,
                "bounded by the probe timeout");
        List<String> lines = r.out().lines().toList();
        assertTrue(
                lines.get(0).startsWith("pair       node1 and node2, seen from node1 at "),
                r.toString());
        assertTrue(
                lines.get(1).startsWith("NODE  ")
                        && lines.get(2).startsWith("node1 (self)  127.0.0.11  DOWN  "),
                r.toString());
        assertTrue(lines.get(3).startsWith("node2 (peer)  127.0.0.12  UNKNOWN["), r.toString());
        assertTrue(
                r.out()
                        .contains(
                                "not read: postgres.peer is not configured (fix: add postgres.peer:"),
                r.toString());
        assertTrue(
                r.out().contains(stateDir.resolve("state.json") + ": "),
                "the corrupt state file is an item, not a failure: " + r);
        assertTrue(
                r.out().matches("(?s).*\ntick       \\S+ \\([5-9] s ago\\), verdict CRITICAL\n.*"),
                r.toString());
        assertFalse(r.out().contains("Exception") || r.err().contains("\tat "), r.toString());
        JsonNode j = cli("list", "--json", "--config", config.toString()).json();
        assertEquals(
                "DOWN",
                j.path("nodes").get(0).path("database").path("role").asText(),
                j.toString());
        assertTrue(
                j.path("nodes")
                        .get(1)
                        .path("database")
                        .path("unknown")
                        .asText()
                        .contains("postgres.peer"),
                j.toString());
        assertTrue(
                j.path("nodes")
                        .get(0)
                        .path("paused")
                        .path("unknown")
                        .asText()
                        .startsWith(stateDir.resolve("state.json").toString()),
                j.toString());
        assertEquals(
                "CRITICAL",
                j.path("watchdog").path("lastTick").path("verdict").asText(),
                j.toString());
        assertFalse(Files.exists(stateDir.resolve("tick.lock")), "list changes nothing");
    }

    @Test
    void aStateFileTheTickSetAsideLeadsTheLineAndTheMetricsTextfileGivesTheTickAge()
            throws Exception {
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve("state.json"), "{not json");
        Path aside =
                new org.failoverwatchdog.watchdog.state.SetAsideStateFiles(
                                stateDir.resolve("state.json"))
                        .setAside(Instant.now());
        Path prom = tmp.resolve("failover_watchdog.prom");
        Files.writeString(config, Files.readString(config) + "metrics: {textfile: " + prom + "}\n");
        Files.writeString(
                prom,
                "failover_watchdog_last_tick_timestamp_seconds "
                        + Instant.now().minusSeconds(5).toEpochMilli() / 1000.0
                        + "\n");

        Run r = cli("status", "--config", config.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(
                r.firstLine()
                        .startsWith("FAILOVER-WATCHDOG CRITICAL - the state file was corrupt ("),
                r.firstLine());
        assertTrue(r.firstLine().contains(" corrupt_state_files=1;;0;0 "), r.firstLine());
        assertTrue(r.firstLine().matches(".* tick_age=[5-9]s;;;0( .*)?"), r.firstLine());
        JsonNode j = cli("status", "--json", "--config", config.toString()).json();
        assertEquals(
                aside.toString(),
                j.path("stateSetAside").get(0).path("file").asText(),
                j.toString());
        assertEquals(1, j.path("perfdata").path("corrupt_state_files").asInt(), j.toString());

        Files.delete(aside); // the acknowledgement
        assertTrue(
                cli("status", "--config", config.toString())
                        .firstLine()
                        .contains(" corrupt_state_files=0;;0;0 "));
    }

    @Test
    void everyCommandHasHelpAndEveryOneThatPrintsHasJson() {
        Map<String, CommandLine> subs = Main.commandLine().getSubcommands();
        assertEquals(
                List.of(
                        "tick",
                        "guard",
                        "status",
                        "list",
                        "plan",
                        "history",
                        "check",
                        "pause",
                        "resume",
                        "switchover",
                        "failover",
                        "env"),
                List.copyOf(subs.keySet()));
        for (String name : subs.keySet()) {
            Run r = cli(name, "--help");
            assertEquals(0, r.code(), name);
            assertTrue(r.out().startsWith("Usage: failover-watchdog " + name + " "), r.toString());
            assertTrue(r.out().contains("--config=FILE"), r.toString());
            // a group (env) prints nothing itself: its commands do
            boolean prints =
                    !List.of("tick", "guard").contains(name)
                            && subs.get(name).getSubcommands().isEmpty();
            assertEquals(
                    prints, subs.get(name).getCommandSpec().findOption("--json") != null, name);
        }
        CommandLine apply = subs.get("env").getSubcommands().get("apply");
        assertTrue(apply.getCommandSpec().findOption("--json") != null, "env apply has --json");
        Run applyHelp = cli("env", "apply", "--help");
        assertTrue(
                applyHelp.out().startsWith("Usage: failover-watchdog env apply ")
                        && applyHelp.out().contains("--config=FILE"),
                applyHelp.toString());
        assertTrue(cli("--help").out().contains("Commands:"));
    }

    /**
     * The operator's commands from the command line, on a node where nothing answers: run on the
     * wrong node they name the command for the right one; here every check refuses and nothing runs
     * (repmgr's dry run neither: this node is no standby).
     */
    @Test
    void switchoverAndFailoverRefuseOnTheWrongNodeOrWhenNothingAnswers() throws Exception {
        Run there = cli("switchover", "--to", "node2", "--dry-run", "--config", config.toString());
        assertEquals(1, there.code(), there.toString());
        assertTrue(
                there.out()
                        .contains(
                                "fix: on node2 run: failover-watchdog switchover --to node2 --dry-run"),
                there.toString());
        Run nobody = cli("switchover", "--to", "node9", "--config", config.toString());
        assertEquals(2, nobody.code(), nobody.toString());
        assertTrue(nobody.err().contains("--to node9: not a node of this pair"), nobody.toString());

        Run dry = cli("switchover", "--dry-run", "--json", "--config", config.toString());
        assertEquals(1, dry.code(), dry.toString());
        JsonNode j = dry.json();
        assertEquals("refused", j.path("result").asText(), j.toString());
        assertEquals("target-standby", j.path("checks").get(0).path("name").asText());
        assertFalse(j.path("checks").get(0).path("passed").asBoolean());
        assertTrue(
                j.path("repmgr").isNull(), "repmgr's dry run not run on a node that is no standby");
        assertFalse(Files.exists(stateDir.resolve("state.json")), "nothing written");

        Run failover =
                cli("failover", "--to", "node1", "--yes", "--json", "--config", config.toString());
        assertEquals(1, failover.code(), failover.toString());
        JsonNode f = failover.json();
        assertEquals("target-is-standby", f.path("checks").get(0).path("name").asText());
        assertEquals(
                "this node's database is DOWN, not a standby",
                f.path("checks").get(0).path("detail").asText(),
                f.toString());
        Run noTo = cli("failover", "--config", config.toString());
        assertEquals(2, noTo.code(), "--to is required: " + noTo);
    }

    @Test
    void checkPausePlanAndResumeSpeakJson() throws Exception {
        JsonNode check = cli("check", "--json", "--config", config.toString()).json();
        assertTrue(check.path("ok").asBoolean(), check.toString());
        assertEquals(config.toString(), check.path("config").asText());
        Run bad = cli("check", "--json", "--config", tmp.resolve("nope.yml").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.json().path("problems").get(0).asText().contains("fix:"), bad.toString());
        assertEquals(
                "ok: " + config + "\n",
                cli("check", "--config-only", "--config", config.toString()).out());

        Run pause =
                cli(
                        "pause",
                        "--node",
                        "--reason",
                        "db upgrade",
                        "--json",
                        "--config",
                        config.toString());
        assertEquals(0, pause.code(), pause.toString());
        assertTrue(pause.json().path("paused").asBoolean());
        assertEquals("db upgrade", pause.json().path("reason").asText());
        assertTrue(
                cli("status", "--config", config.toString()).out().contains(" paused=1;0;;0;1 "));
        JsonNode plan = cli("plan", "--json", "--config", config.toString()).json();
        assertTrue(plan.path("plan").isMissingNode(), "paused: no plan: " + plan);
        JsonNode resume = cli("resume", "--node", "--json", "--config", config.toString()).json();
        assertTrue(
                !resume.path("paused").asBoolean() && resume.path("reason").isNull(),
                resume.toString());
        assertEquals("resumed\n", cli("resume", "--node", "--config", config.toString()).out());
    }

    /**
     * The pair's pause needs a primary to write to: with no database answering, nothing changes,
     * exit 1, the reason and the fix (pause each node on its own) on stderr.
     */
    @Test
    void pauseOfThePairWithoutAPrimaryChangesNothingAndNamesTheFix() throws Exception {
        Run pause = cli("pause", "--reason", "db upgrade", "--config", config.toString());
        assertEquals(1, pause.code(), pause.toString());
        assertEquals("", pause.out());
        assertEquals(
                "failover-watchdog: the pair's pause was not changed: no database answers as primary: node1's is down"
                        + " (refuses connections), node2's is not read (postgres.peer is not configured)"
                        + " (fix: mend that and run it again, or pause each node on its own with `failover-watchdog pause --node`)\n",
                pause.err());
        assertFalse(
                Files.exists(stateDir.resolve("state.json")), "this node's state is not touched");
        Run json = cli("resume", "--json", "--config", config.toString());
        assertEquals(1, json.code(), json.toString());
        assertEquals("pair", json.json().path("scope").asText());
        assertTrue(
                json.json().path("error").asText().startsWith("no database answers as primary"),
                json.toString());
        Run bad = cli("pause", "--wait", "-1", "--config", config.toString());
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("--wait must be 0 or more seconds, not -1"), bad.toString());
    }

    @Test
    void aNodePauseRecordsWhoAndTheTickSaysSo() throws Exception {
        Run pause =
                cli(
                        "pause",
                        "--node",
                        "--reason",
                        "kernel",
                        "--json",
                        "--config",
                        config.toString());
        assertEquals(0, pause.code(), pause.toString());
        assertEquals("node", pause.json().path("scope").asText());
        assertEquals(Main.operator(), pause.json().path("by").asText());
        Run status = cli("status", "--config", config.toString());
        assertTrue(
                status.out()
                        .lines()
                        .anyMatch(
                                l ->
                                        l.startsWith("paused     this node (pause --node) since ")
                                                && l.endsWith(
                                                        " by "
                                                                + Main.operator()
                                                                + ": kernel; `failover-watchdog resume --node` ends it")),
                status.toString());
        assertEquals(
                "this node paused: its ticks take no action until `failover-watchdog resume --node`\n",
                cli("pause", "--node", "--config", config.toString()).out());
    }

    @Test
    void historyReadsAcrossTheRotatedFiles() throws Exception {
        Journal j =
                new Journal(
                        stateDir.resolve("journal.jsonl"),
                        new JournalRotation(10, Duration.ofDays(1), 10)); // a file an entry
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        for (int i = 1; i <= 5; i++) {
            Plan p =
                    new Plan(
                            PlanKind.REPAIR,
                            RuleName.RULE2,
                            "#" + i,
                            List.of(new Step.Start(List.of("edge"))));
            j.append(
                    new PlanResult(
                            p,
                            t.plusSeconds(i),
                            Duration.ofMillis(7),
                            List.of(
                                    new StepResult(
                                            "start edge",
                                            StepResult.Outcome.DONE,
                                            Duration.ofMillis(7),
                                            "")),
                            true),
                    "node1");
        }
        assertEquals(4, j.rotated().size());
        Run text = cli("history", "--limit", "3", "--config", config.toString());
        assertEquals(0, text.code(), text.toString());
        assertEquals(
                List.of("#5", "#4", "#3"),
                text.out()
                        .lines()
                        .filter(l -> l.startsWith("    because "))
                        .map(l -> l.substring(12))
                        .toList());
        JsonNode all = cli("history", "--json", "--config", config.toString()).json();
        assertEquals(5, all.size());
        assertEquals("#5", all.get(0).path("reason").asText());
        assertEquals("#1", all.get(4).path("reason").asText());
        Run status = cli("status", "--json", "--config", config.toString());
        assertEquals(
                "#5",
                status.json().path("lastTransition").path("reason").asText(),
                "status reads the newest, wherever it is");
        assertNotNull(status.json().path("perfdata").get("last_transition_age"));
        assertNull(status.json().path("guard").path("beatAgeS").numberValue());
    }

    @Test
    void withoutWritersOfItsOwnItPrintsToSystemOutFlushed() {
        // As main runs it, and as BadInputIT captures it: System.out as it is when the command
        // runs.
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        int code;
        try (java.io.PrintStream capture =
                new java.io.PrintStream(buf, false, java.nio.charset.StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = Main.commandLine().execute("--config", config.toString(), "status");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, code, out);
        assertTrue(out.startsWith("FAILOVER-WATCHDOG CRITICAL - "), out);
        assertTrue(
                out.contains("\nverdict    CRITICAL\n"), "the last print is flushed too: " + out);
    }
}
