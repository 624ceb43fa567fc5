package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.Json;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.probes.PairPause;
import org.junit.jupiter.api.Test;

/**
 * The records of the --json outputs: each written by the shared mapper and read back to itself,
 * with the field names the outputs always had; the ones only written (status, list: a plan or
 * "nothing", a value or {"unknown": ...}) as the fixtures of {@link FileCompatibilityTest}.
 */
class CliJsonTest {
    private static <T> void roundTrips(T value, String json) throws Exception {
        String written = Main.JSON.writeValueAsString(value);
        assertEquals(Json.MAPPER.readTree(json), Json.MAPPER.readTree(written), written);
        assertEquals(value, Json.MAPPER.readValue(written, value.getClass()));
    }

    @Test
    void planPauseCheckAndCannotRun() throws Exception {
        roundTrips(
                new CliJson.PlanOutput(
                        List.of("a note"),
                        new CliJson.PlanJson("PROMOTE", "rule1", "db primary", List.of("a", "b")),
                        null),
                "{\"notes\":[\"a note\"],\"plan\":{\"kind\":\"PROMOTE\",\"rule\":\"rule1\","
                        + "\"reason\":\"db primary\",\"steps\":[\"a\",\"b\"]}}");
        roundTrips(new CliJson.PlanOutput(List.of(), null, null), "{\"notes\":[]}");
        roundTrips(
                new CliJson.PlanOutput(
                        List.of(),
                        null,
                        new CliJson.WithheldJson(
                                "PROMOTE",
                                "rule1",
                                "db primary",
                                List.of("a"),
                                List.of("the pair is paused by alice"))),
                "{\"notes\":[],\"withheld\":{\"kind\":\"PROMOTE\",\"rule\":\"rule1\","
                        + "\"reason\":\"db primary\",\"steps\":[\"a\"],\"heldBy\":[\"the pair is paused by alice\"]}}");
        Instant t = Instant.parse("2026-11-30T06:20:00.5Z");
        roundTrips(
                new CliJson.PauseOutput("node", true, "alice", t, "db upgrade"),
                "{\"scope\":\"node\",\"paused\":true,\"by\":\"alice\","
                        + "\"since\":\"2026-11-30T06:20:00.500Z\",\"reason\":\"db upgrade\"}");
        roundTrips(
                new CliJson.PauseOutput("node", false, null, null, null),
                "{\"scope\":\"node\",\"paused\":false,\"by\":null,\"since\":null,\"reason\":null}");
        roundTrips(
                new CliJson.CheckOutput(
                        false,
                        "/etc/failover-watchdog/watchdog.yml",
                        null,
                        null,
                        List.of("n"),
                        List.of("p"),
                        new ConfigCheck.Timing(
                                new ConfigCheck.FenceJson(12000, null, true),
                                new ConfigCheck.Rule3Json("RULE3", 5000, 62000L, null),
                                new ConfigCheck.PlansJson(
                                        162000, 115000, 30000, "/x.service", 300000L, true))),
                "{\"ok\":false,\"config\":\"/etc/failover-watchdog/watchdog.yml\",\"projectDir\":null,"
                        + "\"envFile\":null,\"notes\":[\"n\"],\"problems\":[\"p\"],\"timing\":{"
                        + "\"fence\":{\"fenceByMs\":12000,\"repmgrPromotesAtMs\":null,\"ok\":true},"
                        + "\"rule3\":{\"first\":\"RULE3\",\"routerAbsentMs\":5000,\"repmgrPromotesAtMs\":62000,\"poolerGateWaitMs\":null},"
                        + "\"plans\":{\"promoteGatesMs\":162000,\"demoteGatesMs\":115000,\"hookMs\":30000,"
                        + "\"unit\":\"/x.service\",\"timeoutStartMs\":300000,\"ok\":true}}}");
        roundTrips(
                new ConfigCheck.Findings(List.of(), List.of()).timing(),
                "{}"); // nothing checked: no timing
        roundTrips(
                new CliJson.CheckConfigOnly(true, "/w.yml", List.of(), List.of()),
                "{\"ok\":true,\"config\":\"/w.yml\",\"notes\":[],\"problems\":[]}");
        roundTrips(
                new StatusJson.CannotRun("UNKNOWN", "x", List.of("UNKNOWN: x")),
                "{\"verdict\":\"UNKNOWN\",\"summary\":\"x\",\"problems\":[\"UNKNOWN: x\"]}");
    }

    @Test
    void thePairsPauseAndResume() throws Exception {
        Instant t = Instant.parse("2026-11-30T06:20:00.123456Z");
        PairListingJson.PauseJson was =
                PairListingJson.PauseJson.of(
                        new PairPause.Paused("bob", "node2", t.minusSeconds(60), "earlier"));
        roundTrips(
                new CliJson.PairPaused(
                        "pair",
                        true,
                        "alice",
                        "node1",
                        t,
                        "db upgrade",
                        "node1",
                        was,
                        new CliJson.Shown("node2", true, 300L, null)),
                "{\"scope\":\"pair\",\"paused\":true,\"by\":\"alice\",\"on\":\"node1\","
                        + "\"since\":\"2026-11-30T06:20:00.123456Z\",\"reason\":\"db upgrade\","
                        + "\"writtenOn\":\"node1\",\"replaced\":{\"paused\":true,\"table\":true,"
                        + "\"by\":\"bob\",\"on\":\"node2\",\"since\":\"2026-11-30T06:19:00.123456Z\","
                        + "\"reason\":\"earlier\"},\"peer\":{\"name\":\"node2\",\"shows\":true,\"afterMs\":300}}");
        roundTrips(
                new CliJson.PairResumed(
                        "pair",
                        false,
                        was,
                        "node1",
                        new CliJson.NodePause(t, "own", "carol"),
                        new CliJson.Shown("node2", false, null, "paused by bob")),
                "{\"scope\":\"pair\",\"paused\":false,\"was\":{\"paused\":true,\"table\":true,"
                        + "\"by\":\"bob\",\"on\":\"node2\",\"since\":\"2026-11-30T06:19:00.123456Z\","
                        + "\"reason\":\"earlier\"},\"writtenOn\":\"node1\",\"nodePaused\":{"
                        + "\"since\":\"2026-11-30T06:20:00.123456Z\",\"reason\":\"own\",\"by\":\"carol\"},"
                        + "\"peer\":{\"name\":\"node2\",\"shows\":false,\"last\":\"paused by bob\"}}");
        roundTrips(
                new CliJson.PairResumed("pair", false, null, "node1", null, null),
                "{\"scope\":\"pair\",\"paused\":false,\"was\":null,\"writtenOn\":\"node1\","
                        + "\"nodePaused\":null,\"peer\":null}");
        roundTrips(
                new CliJson.PairPauseNotWritten("pair", "no primary"),
                "{\"scope\":\"pair\",\"error\":\"no primary\"}");
        roundTrips(
                PairListingJson.PauseJson.of(new PairPause.NoTable()),
                "{\"paused\":false,\"table\":false}");
        roundTrips(
                new StatusJson.PairPauseUnknown("permission denied"),
                "{\"paused\":null,\"error\":\"permission denied\"}");
    }

    @Test
    void historyIsTheJournalsEntriesAndTheLastTransitionTheirHead() throws Exception {
        PlanResult r = JsonSamples.plans().get(1);
        Journal.Entry e = Journal.Entry.of(r, "node1");
        roundTrips(
                e,
                "{\"time\":\"2026-11-21T10:00:00Z\",\"node\":\"node1\",\"kind\":\"REPAIR\",\"rule\":\"rule2\","
                        + "\"reason\":\"edge missing\",\"succeeded\":false,\"totalMs\":1200,\"steps\":[{"
                        + "\"step\":\"restart edge\",\"outcome\":\"FAILED\",\"ms\":1200,"
                        + "\"detail\":\"exited 1: \\\"quoted\\\"\\nünïcode line\"}]}");
        roundTrips(
                PairListingJson.Transition.of(e),
                "{\"time\":\"2026-11-21T10:00:00Z\",\"kind\":\"REPAIR\",\"rule\":\"rule2\","
                        + "\"reason\":\"edge missing\",\"succeeded\":false,\"totalMs\":1200}");
    }

    @Test
    void nextIsAPlanOrTheWordNothing() throws Exception {
        JsonNode healthy = Json.MAPPER.valueToTree(JsonSamples.healthyStatus().tree);
        assertEquals("nothing", healthy.get("next").asText());
        JsonNode troubled = Json.MAPPER.valueToTree(JsonSamples.troubledStatus().tree);
        assertEquals("DEMOTE", troubled.get("next").get("kind").asText());
    }
}
