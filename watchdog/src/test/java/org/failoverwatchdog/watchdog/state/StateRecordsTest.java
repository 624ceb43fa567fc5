package org.failoverwatchdog.watchdog.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.failoverwatchdog.convergence.Json;
import org.failoverwatchdog.watchdog.cli.JsonSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The records state.json and monitor.json are bound to: each written and read back to itself, and
 * every way a state file can be wrong named with its field (the cases of BadInputIT, without a
 * stack).
 */
class StateRecordsTest {
    @TempDir Path dir;

    @Test
    void aStateFileRecordRoundTrips() throws Exception {
        for (WatchdogState s :
                new WatchdogState[] {
                    JsonSamples.state(), WatchdogState.fresh(), WatchdogState.initial()
                }) {
            StateFile f = StateStore.toFile(s);
            assertEquals(
                    f, Json.MAPPER.readValue(Json.PRETTY.writeValueAsString(f), StateFile.class));
            StateStore store = new StateStore(dir);
            store.save(s);
            assertEquals(s, store.load());
        }
    }

    @Test
    void aMonitorFileRecordRoundTrips() throws Exception {
        for (MonitorState s : new MonitorState[] {JsonSamples.monitor(), MonitorState.empty()}) {
            MonitorFile f = MonitorStore.toFile(s);
            assertEquals(
                    f, Json.MAPPER.readValue(Json.PRETTY.writeValueAsString(f), MonitorFile.class));
            MonitorStore store = new MonitorStore(dir);
            store.save(s);
            assertEquals(s, store.load());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON            | '{\"version\": 1, \"routerAbsentSince\": '                 | not JSON (line 1)",
                "empty               | ''                                                          | not a JSON object",
                "a list              | '[1]'                                                       | not a JSON object",
                "bad time            | '{\"version\": 1, \"routerAbsentSince\": \"yesterday\"}'   | routerAbsentSince is not an ISO-8601 time: 'yesterday'",
                "a number for a time | '{\"version\": 1, \"lastRoleChange\": 5}'                  | lastRoleChange is not an ISO-8601 time: '5'",
                "wrong version       | '{\"version\": 2}'                                          | field version is not 1",
                "version as text     | '{\"version\": \"1\"}'                                      | field version is not 1",
                "no version          | '{}'                                                        | field version is not 1",
                "rule3Promoted       | '{\"version\": 1, \"rule3Promoted\": \"no\"}'              | rule3Promoted is not true/false",
                "startedFresh        | '{\"version\": 1, \"startedFresh\": 1}'                    | startedFresh is not true/false",
                "pending w/o rule    | '{\"version\": 1, \"pending\": {\"kind\": \"PROMOTE\"}}'   | pending.rule is missing or not a string",
                "pending kind number | '{\"version\": 1, \"pending\": {\"kind\": 3}}'             | pending.kind is not a string",
                "pending not object  | '{\"version\": 1, \"pending\": 3}'                         | pending is not an object {kind, rule, reason, startedAt}",
                "lastRepair null     | '{\"version\": 1, \"lastRepair\": {\"edge\": null}}'       | lastRepair.edge is null, not a time",
                "lastRepair list     | '{\"version\": 1, \"lastRepair\": [1]}'                    | lastRepair is not an object",
                "repairs list        | '{\"version\": 1, \"repairs\": []}'                        | repairs is not an object",
                "repairs no times    | '{\"version\": 1, \"repairs\": {\"edge\": {}}}'            | repairs.edge.times is not a list of times",
                "repairs bad time    | '{\"version\": 1, \"repairs\": {\"edge\": {\"times\": [\"x\"]}}}' | repairs.edge.times[0] is not an ISO-8601 time: 'x'",
                "repairs null time   | '{\"version\": 1, \"repairs\": {\"edge\": {\"times\": [null]}}}'  | repairs.edge.times holds a null",
                "paused not object   | '{\"version\": 1, \"paused\": \"yes\"}'                    | paused is not an object {since, reason, by}",
                "isolation w/o since | '{\"version\": 1, \"isolation\": {\"lastSeen\": \"2026-11-21T10:00:00Z\"}}' | isolation.since is missing",
                "fenced w/o reason   | '{\"version\": 1, \"fenced\": {\"since\": \"2026-11-21T10:00:00Z\"}}'    | fenced.reason is missing or not a string",
                "registered null     | '{\"version\": 1, \"registered\": {\"EDGE\": null}}'       | registered.EDGE is null, not a time"
            })
    void aCorruptStateFileNamesTheFileTheFieldAndTheFix(String name, String content, String problem)
            throws Exception {
        Path f = dir.resolve("state.json");
        Files.writeString(f, content);
        StateStore.CorruptStateException e =
                assertThrows(StateStore.CorruptStateException.class, new StateStore(dir)::load);
        assertEquals(problem, e.problem());
        assertTrue(e.getMessage().startsWith(f + ": " + problem + " (fix: "), e.getMessage());
        assertEquals(content, Files.readString(f), "the file is left as it was");
    }
}
