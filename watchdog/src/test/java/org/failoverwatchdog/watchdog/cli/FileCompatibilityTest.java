package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.Json;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.watchdog.state.MonitorStore;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files and outputs written by the code before the records (src/test/resources/json-fixtures,
 * from {@link JsonSamples}) against the current code: read with the same values, written as the
 * same JSON, and the outputs with the same field names where the scripts read them.
 */
class FileCompatibilityTest {
    @TempDir Path dir;

    private static Path fixture(String name) throws Exception {
        return Path.of(FileCompatibilityTest.class.getResource("/json-fixtures/" + name).toURI());
    }

    private static JsonNode tree(Path p) throws Exception {
        return Json.MAPPER.readTree(Files.readString(p));
    }

    /** The output as written and read back (a tree of the written text, as the fixtures'). */
    private static JsonNode written(Object output) throws Exception {
        return Json.MAPPER.readTree(Main.JSON.writeValueAsString(output));
    }

    /** A state directory holding the fixture under the name the store reads. */
    private Path stateDir(String fixture, String as) throws Exception {
        Path d = Files.createTempDirectory(dir, "state");
        Files.copy(fixture(fixture), d.resolve(as));
        return d;
    }

    @Test
    void aStateFileOfTheEarlierWriterReadsWithTheSameValues() throws Exception {
        assertEquals(
                JsonSamples.state(),
                new StateStore(stateDir("state-full.json", "state.json")).load());
        assertEquals(
                WatchdogState.fresh(),
                new StateStore(stateDir("state-fresh.json", "state.json")).load());
    }

    @Test
    void aStateFileIsWrittenAsTheEarlierWriterDid() throws Exception {
        StateStore store = new StateStore(dir);
        store.save(JsonSamples.state());
        assertEquals(tree(fixture("state-full.json")), tree(store.file()));
        store.save(WatchdogState.fresh());
        assertEquals(Files.readString(fixture("state-fresh.json")), Files.readString(store.file()));
    }

    @Test
    void unknownFieldsInAStateFileAreIgnored() throws Exception {
        ObjectNode root = (ObjectNode) tree(fixture("state-full.json"));
        root.put("writtenByANewerVersion", "x");
        root.putObject("anotherObject").put("a", 1);
        ((ObjectNode) root.get("pending")).put("attempt", 2);
        ((ObjectNode) root.get("repairs").get("edge")).putArray("exitCodes").add(1);
        ((ObjectNode) root.get("fenced")).put("by", "watchdog 0.2");
        Files.writeString(dir.resolve("state.json"), Json.PRETTY.writeValueAsString(root));
        assertEquals(JsonSamples.state(), new StateStore(dir).load());
    }

    @Test
    void aMonitorFileOfTheEarlierWriterReadsAndIsWrittenTheSame() throws Exception {
        Path d = stateDir("monitor.json", "monitor.json");
        MonitorStore store = new MonitorStore(d);
        assertEquals(JsonSamples.monitor(), store.load());
        store.save(store.load());
        assertEquals(
                Files.readString(fixture("monitor.json")),
                Files.readString(store.file()),
                "the hooks in their order, the transitions sorted: the same bytes");

        ObjectNode root = (ObjectNode) tree(fixture("monitor.json"));
        root.put("newField", true);
        ((ObjectNode) root.get("lastTransition")).put("node", "node1");
        ((ObjectNode) root.get("hooks")).put("cancelled", 3);
        Files.writeString(store.file(), Json.PRETTY.writeValueAsString(root));
        assertEquals(JsonSamples.monitor(), store.load(), "unknown fields are ignored");
    }

    @Test
    void aJournalOfTheEarlierWriterReadsAndIsAppendedTheSame() throws Exception {
        List<Journal.Entry> expected = new ArrayList<>();
        for (PlanResult r : JsonSamples.plans()) expected.add(0, Journal.Entry.of(r, "node1"));
        Path d = stateDir("journal.jsonl", "journal.jsonl");
        List<String> warnings = new ArrayList<>();
        assertEquals(expected, new Journal(d.resolve("journal.jsonl")).read(warnings::add));
        assertEquals(List.of(), warnings);

        Journal j = new Journal(dir.resolve("journal.jsonl"));
        for (PlanResult r : JsonSamples.plans()) j.append(r, "node1");
        assertEquals(
                Files.readString(fixture("journal.jsonl")),
                Files.readString(j.path()),
                "the same lines, byte for byte");

        String withMore =
                Files.readString(fixture("journal.jsonl"))
                        .replace("{\"time\"", "{\"host\":{\"id\":7},\"time\"")
                        .replace("\"ms\":", "\"retries\":0,\"ms\":");
        Files.writeString(j.path(), withMore);
        assertEquals(expected, j.read(warnings::add), "unknown fields are ignored");
        assertEquals(List.of(), warnings);
    }

    @Test
    void statusJsonIsTheEarlierOutput() throws Exception {
        assertEquals(
                tree(fixture("status-healthy.json")), written(JsonSamples.healthyStatus().tree));
        assertEquals(
                tree(fixture("status-troubled.json")), written(JsonSamples.troubledStatus().tree));
    }

    @Test
    void listJsonIsTheEarlierOutput() throws Exception {
        for (Map.Entry<String, PairListing> e : JsonSamples.listings().entrySet())
            assertEquals(
                    tree(fixture(e.getKey())),
                    written(PairListingJson.tree(e.getValue())),
                    e.getKey());
    }

    /** Every field name, as a path (a.b, a[].b), of a document. */
    private static TreeSet<String> names(JsonNode n, String at, TreeSet<String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
                out.add(p);
                names(e.getValue(), p, out);
            }
        } else if (n.isArray()) {
            for (JsonNode x : n) names(x, at + "[]", out);
        }
        return out;
    }

    @Test
    void theFieldsTheScriptsReadAreThere() throws Exception {
        // lab/lab: .verdict, .problems, .next, .paused, .pairPause.paused (then its by, on and
        // reason); the drills keep the whole document.
        TreeSet<String> status = names(tree(fixture("status-troubled.json")), "", new TreeSet<>());
        for (String f :
                List.of(
                        "verdict",
                        "problems",
                        "next",
                        "paused",
                        "paused.since",
                        "pairPause.paused")) assertTrue(status.contains(f), f + " in " + status);
        assertEquals(
                status, names(written(JsonSamples.troubledStatus().tree), "", new TreeSet<>()));
    }
}
