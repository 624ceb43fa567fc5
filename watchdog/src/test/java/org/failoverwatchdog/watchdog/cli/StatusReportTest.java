package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.Json;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RegistryEntry;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.Decision;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.rules.PauseHold;
import org.failoverwatchdog.watchdog.rules.Rules;
import org.failoverwatchdog.watchdog.state.SetAsideStateFiles;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.testing.HealthyPrimary;
import org.failoverwatchdog.watchdog.testing.WatchdogYml;
import org.junit.jupiter.api.Test;

/**
 * `status` as a monitoring plugin: the first line, the perfdata and the verdict, from observations;
 * and a corrupt state file the tick set aside, CRITICAL until the operator removes it.
 */
class StatusReportTest {
    /** The shared mapper, with whole numbers as Long, as the JSON tree these tests compare. */
    private static final ObjectMapper TREE =
            Json.MAPPER.copy().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    /** The report as `status --json` writes it, read back as a tree. */
    static Map<String, Object> tree(StatusReport r) {
        return TREE.convertValue(r.tree, new TypeReference<Map<String, Object>>() {});
    }

    static final String SELF = "10.0.0.11", PEER = "10.0.0.12";
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    static final Duration L = Duration.ofMillis(12);
    static final List<String> TYPES = List.of("BASTION", "DATASERVICE", "EDGE", "GATEWAY");

    static WatchdogConfig config(String extra) {
        return WatchdogYml.node1().config(extra);
    }

    /**
     * A healthy primary: its database, app layer and router, every type of both nodes registered.
     */
    static final class Primary {
        Observed<DbState> db =
                Observed.known(new DbState(DbRole.PRIMARY, 2, "0/5000000", false, 1), L);
        Observed<EnvValues> env =
                Observed.known(new EnvValues(Optional.of("ha-primary"), Optional.of(SELF)), L);
        List<String> selfTypes = TYPES;
        Observed<Answer> peerNode = Observed.known(Answer.yes("accepted"), L);
        Observed<Answer> pooler = Observed.known(Answer.yes("SELECT 1"), Duration.ofMillis(654));

        Observations build() {
            List<RegistryEntry> entries = new ArrayList<>();
            for (String t : TYPES) {
                if (selfTypes.contains(t))
                    entries.add(new RegistryEntry(t, SELF, "MASTER", "ACTIVE", t + "@" + SELF));
                entries.add(new RegistryEntry(t, PEER, "SLAVE", "ACTIVE", t + "@" + PEER));
            }
            Observed<RouterView> registry =
                    Observed.known(
                            new RouterView.Registry(
                                    "http://" + SELF + ":9000/router/rest/status", entries),
                            L);
            Map<String, ContainerState> containers = new TreeMap<>();
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
                containers.put(
                        s,
                        new ContainerState(
                                s,
                                "id-" + s,
                                "stack_" + s + "_1",
                                "running",
                                "healthy",
                                NOW.minusSeconds(3600),
                                0));
            }
            return new Observations(
                    NOW,
                    db,
                    pooler,
                    env,
                    registry,
                    Observed.known(
                            new RouterView.Unreachable(
                                    "http://" + PEER + ":9000/router/rest/status",
                                    "Connection refused"),
                            L),
                    peerNode,
                    Observed.known(containers, L),
                    Optional.empty(),
                    Optional.empty(),
                    Observed.known(new Reach(Reach.Kind.ACCEPTS, "accepted"), L),
                    Optional.empty());
        }
    }

    static final Decision NOTHING =
            new Decision(Optional.empty(), WatchdogState.initial(), List.of());

    static StatusReport report(
            WatchdogConfig c, Observations o, WatchdogState s, Decision d, Optional<Instant> beat) {
        return report(c, o, s, d, beat, Optional.empty());
    }

    static StatusReport report(
            WatchdogConfig c,
            Observations o,
            WatchdogState s,
            Decision d,
            Optional<Instant> beat,
            Optional<Instant> lastTick) {
        Optional<Journal.Entry> last =
                Optional.of(
                        new Journal.Entry(
                                NOW.minusSeconds(600),
                                "node1",
                                "PROMOTE",
                                "rule1",
                                "db primary",
                                true,
                                25023,
                                List.of()));
        return StatusReport.build(c, o, s, d, last, List.of(), beat, lastTick);
    }

    static String firstLine(StatusReport r) {
        return StatusText.render(r).lines().findFirst().orElseThrow();
    }

    @Test
    void aHealthyPrimaryIsOkWithWhatItIsAndItsPerfdata() throws Exception {
        StatusReport r =
                report(
                        config(""),
                        new Primary().build(),
                        WatchdogState.initial(),
                        NOTHING,
                        Optional.of(NOW.minusSeconds(3)));
        assertEquals(Verdict.OK, r.verdict());
        assertEquals(0, r.verdict().exitCode());
        assertEquals(
                "FAILOVER-WATCHDOG OK - node1: database PRIMARY timeline 2, app layer ha-primary (router on self), 4/4 types registered"
                        + " | db_primary=1;;;0;1 timeline=2;;;0 app_primary=1;;;0;1 router_local=1;;;0;1 types_missing=0;;0;0;4 peer_up=1;1:;;0;1"
                        + " fenced=0;;0;0;1 paused=0;0;;0;1 router_absent=0.0s;0;;0 service_repairs=0;2;;0 pooler_time=0.654s;;;0"
                        + " last_transition_age=600s;;;0 corrupt_state_files=0;;0;0 guard_beat_age=3s;30;;0",
                firstLine(r));
        List<String> lines = StatusText.render(r).lines().toList();
        assertTrue(
                lines.get(1).startsWith("node       node1 (10.0.0.11)"),
                "the details follow the first line: " + lines);
        assertTrue(lines.contains("verdict    OK"), lines.toString());
        assertTrue(lines.contains("guard      beat 3 s ago"), lines.toString());
        assertEquals("OK", tree(r).get("verdict"));
        assertEquals(r.summary(), tree(r).get("summary"));
        @SuppressWarnings("unchecked")
        Map<String, Object> perf = (Map<String, Object>) tree(r).get("perfdata");
        assertEquals(1L, perf.get("db_primary"));
        assertEquals(0.654, (Double) perf.get("pooler_time"), 1e-9);
    }

    @Test
    void aMissingTypeIsCriticalAndSaysSoFirst() throws Exception {
        Primary p = new Primary();
        p.selfTypes = List.of("BASTION", "DATASERVICE", "GATEWAY");
        p.peerNode = Observed.known(Answer.no("connect timed out"), L);
        StatusReport r =
                report(config(""), p.build(), WatchdogState.initial(), NOTHING, Optional.empty());
        assertEquals(Verdict.CRITICAL, r.verdict());
        assertEquals(2, r.verdict().exitCode());
        String line = firstLine(r);
        assertTrue(
                line.startsWith(
                        "FAILOVER-WATCHDOG CRITICAL - EDGE from this node is missing from the registry (+1 more) | "),
                line);
        assertTrue(line.contains(" types_missing=1;;0;0;4 "), line);
        assertTrue(line.contains(" peer_up=0;1:;;0;1 "), line);
        assertTrue(
                line.endsWith(" guard_beat_age=U;30;;0"), "the guard has not beaten yet: " + line);
        assertEquals(
                List.of(
                        "CRITICAL: EDGE from this node is missing from the registry",
                        "WARNING: peer node node2 does not answer: FAIL (connect timed out)"),
                tree(r).get("problems"),
                "the JSON keeps its problems as text");
    }

    @Test
    void aDatabaseThatCannotBeObservedIsUnknownAndItsValuesU() throws Exception {
        Primary p = new Primary();
        p.db = Observed.unknown("timeout after 2000 ms", L);
        StatusReport r =
                report(config(""), p.build(), WatchdogState.initial(), NOTHING, Optional.empty());
        assertEquals(Verdict.UNKNOWN, r.verdict());
        assertEquals(3, r.verdict().exitCode());
        String line = firstLine(r);
        assertTrue(
                line.startsWith(
                        "FAILOVER-WATCHDOG UNKNOWN - database role: timeout after 2000 ms | db_primary=U;;;0;1 timeline=U;;;0 "),
                line);
    }

    @Test
    void aStaleGuardIsAWarningAndADisabledOneHasNoPerfdata() throws Exception {
        StatusReport stale =
                report(
                        config(""),
                        new Primary().build(),
                        WatchdogState.initial(),
                        NOTHING,
                        Optional.of(NOW.minusSeconds(95)));
        assertEquals(Verdict.WARNING, stale.verdict());
        assertTrue(
                firstLine(stale)
                        .startsWith(
                                "FAILOVER-WATCHDOG WARNING - the guard has not beaten for 95 s: the timer's tick runs instead"
                                        + " (fix: systemctl status failover-watchdog-guard) | "),
                firstLine(stale));
        assertTrue(firstLine(stale).endsWith(" guard_beat_age=95s;30;;0"), firstLine(stale));

        StatusReport off =
                report(
                        config("guard: {enabled: false}\n"),
                        new Primary().build(),
                        WatchdogState.initial(),
                        NOTHING,
                        Optional.of(NOW.minusSeconds(95)));
        assertEquals(
                Verdict.OK, off.verdict(), "a beat left by a guard that is not enabled is ignored");
        assertFalse(firstLine(off).contains("guard_beat_age"), firstLine(off));
    }

    @Test
    void pausedFencedAndCrashLoopShowInPerfdataAsInTheVerdict() throws Exception {
        WatchdogState s =
                WatchdogState.initial()
                        .withPaused(
                                Optional.of(
                                        new WatchdogState.Pause(
                                                NOW.minusSeconds(60), "upgrade | reboot")))
                        .withRepaired(
                                List.of("edge"), NOW.minusSeconds(300), Duration.ofMinutes(10))
                        .withRepaired(
                                List.of("edge"), NOW.minusSeconds(200), Duration.ofMinutes(10))
                        .withRepaired(
                                List.of("edge"), NOW.minusSeconds(100), Duration.ofMinutes(10));
        StatusReport r = report(config(""), new Primary().build(), s, NOTHING, Optional.empty());
        assertEquals(Verdict.WARNING, r.verdict());
        String line = firstLine(r);
        assertTrue(
                line.startsWith(
                        "FAILOVER-WATCHDOG WARNING - crash loop: Rule 2 repaired edge 3 times in 10 min"),
                line);
        assertTrue(
                line.contains(" paused=1;0;;0;1 ") && line.contains(" service_repairs=3;2;;0 "),
                line);
        assertEquals(
                1,
                line.split("\\|", -1).length - 1,
                "one '|' only, the one before the perfdata: " + line);

        StatusReport fenced =
                report(
                        config(""),
                        new Primary().build(),
                        WatchdogState.initial()
                                .withFenced(
                                        Optional.of(
                                                new WatchdogState.Fence(
                                                        NOW.minusSeconds(5),
                                                        "peer and witness silent"))),
                        NOTHING,
                        Optional.empty());
        assertEquals(Verdict.CRITICAL, fenced.verdict());
        assertTrue(firstLine(fenced).contains(" fenced=1;;0;0;1 "), firstLine(fenced));
    }

    /**
     * The pair's pause: WARNING while it holds, with who, when and why on its line; a plan it holds
     * back is CRITICAL as it would be unpaused, named as withheld; UNKNOWN when it cannot be read.
     */
    @Test
    void thePairsPauseShowsWhoWhenWhyAndWhatItHoldsBack() throws Exception {
        Observed<PairPause> paused =
                Observed.known(
                        new PairPause.Paused("alice", "node2", NOW.minusSeconds(60), "db upgrade"),
                        L);
        Observations o = new Primary().build().withPairPause(paused);
        StatusReport r = report(config(""), o, WatchdogState.initial(), NOTHING, Optional.empty());
        assertEquals(Verdict.WARNING, r.verdict());
        assertTrue(
                firstLine(r)
                        .startsWith(
                                "FAILOVER-WATCHDOG WARNING - the pair is paused by alice on node2 since "
                                        + NOW.minusSeconds(60)
                                        + ": db upgrade |"),
                firstLine(r));
        assertTrue(firstLine(r).contains(" paused=1;0;;0;1 "), firstLine(r));
        List<String> lines = StatusText.render(r).lines().toList();
        assertTrue(
                lines.contains(
                        "pair pause paused by alice on node2 since "
                                + NOW.minusSeconds(60)
                                + ": db upgrade; `failover-watchdog resume` ends it"),
                lines.toString());

        Plan promote =
                new Plan(
                        PlanKind.PROMOTE,
                        RuleName.RULE1,
                        "local PostgreSQL is primary",
                        List.of(new Step.Start(List.of("router"))));
        Decision held =
                new Decision(
                        Optional.empty(),
                        WatchdogState.initial(),
                        List.of(),
                        Optional.of(
                                new Decision.Withheld(
                                        promote,
                                        List.of(
                                                new PauseHold.Pair(
                                                        (PairPause.Paused)
                                                                paused.known().orElseThrow())))));
        StatusReport w = report(config(""), o, WatchdogState.initial(), held, Optional.empty());
        assertEquals(Verdict.CRITICAL, w.verdict(), "paused is no reason to look away");
        assertTrue(
                w.problems.contains(
                        new StatusReport.Problem(
                                Verdict.CRITICAL,
                                "paused, but the next tick would PROMOTE: local PostgreSQL is primary")),
                w.problems.toString());
        assertEquals("nothing", tree(w).get("next"));
        assertTrue(
                StatusText.render(w)
                        .lines()
                        .anyMatch(
                                l ->
                                        l.startsWith(
                                                "withheld   PROMOTE (rule1): local PostgreSQL is primary; held by the pair is paused by alice")),
                StatusText.render(w));

        StatusReport unknown =
                report(
                        config(""),
                        new Primary()
                                .build()
                                .withPairPause(Observed.unknown("permission denied", L)),
                        WatchdogState.initial(),
                        NOTHING,
                        Optional.empty());
        assertEquals(Verdict.UNKNOWN, unknown.verdict());
        assertTrue(
                firstLine(unknown)
                        .startsWith(
                                "FAILOVER-WATCHDOG UNKNOWN - pair pause: permission denied: only the fence may act until it can be read |"),
                firstLine(unknown));
        assertTrue(firstLine(unknown).contains(" paused=U;0;;0;1 "), firstLine(unknown));

        StatusReport none =
                report(
                        config(""),
                        new Primary()
                                .build()
                                .withPairPause(Observed.known(new PairPause.NoTable(), L)),
                        WatchdogState.initial(),
                        NOTHING,
                        Optional.empty());
        assertEquals(Verdict.OK, none.verdict(), "an installation without the table is not paused");
        assertTrue(
                StatusText.render(none)
                        .lines()
                        .anyMatch(
                                l ->
                                        l.startsWith(
                                                "pair pause not paused (no failover_watchdog.pause")),
                StatusText.render(none));
    }

    @Test
    void aPlanForTheNextTickIsCritical() throws Exception {
        Primary p = new Primary();
        p.env = Observed.known(new EnvValues(Optional.of("ha-secondary"), Optional.of(PEER)), L);
        Decision promote =
                new Decision(
                        Optional.of(
                                new Plan(
                                        PlanKind.PROMOTE,
                                        RuleName.RULE1,
                                        "local PostgreSQL is primary",
                                        List.of())),
                        WatchdogState.initial(),
                        List.of());
        StatusReport r =
                report(config(""), p.build(), WatchdogState.initial(), promote, Optional.empty());
        assertEquals(Verdict.CRITICAL, r.verdict());
        assertTrue(firstLine(r).contains(" app_primary=0;;;0;1 "), firstLine(r));
    }

    @Test
    void theWorstVerdictWins() {
        assertEquals(Verdict.CRITICAL, Verdict.UNKNOWN.worst(Verdict.CRITICAL));
        assertEquals(Verdict.CRITICAL, Verdict.CRITICAL.worst(Verdict.UNKNOWN));
        assertEquals(Verdict.UNKNOWN, Verdict.WARNING.worst(Verdict.UNKNOWN));
        assertEquals(Verdict.WARNING, Verdict.OK.worst(Verdict.WARNING));
    }

    @Test
    void theSummaryIsOneLineWithoutAPipe() {
        assertEquals("FAILOVER-WATCHDOG UNKNOWN - a: b / c d", PluginLine.unknown("a: b | c\n  d"));
        assertEquals(
                PluginLine.SERVICE.length() + " UNKNOWN - ".length() + 300,
                PluginLine.unknown("x".repeat(400)).length());
    }

    @Test
    void theLastTickIsPerfdataOnlyWithTheMetricsTextfileThatRecordsIt() throws Exception {
        WatchdogConfig metrics =
                config(
                        "metrics: {textfile: /var/lib/node_exporter/textfile_collector/failover_watchdog.prom}\n");
        StatusReport r =
                report(
                        metrics,
                        new Primary().build(),
                        WatchdogState.initial(),
                        NOTHING,
                        Optional.of(NOW.minusSeconds(3)),
                        Optional.of(NOW.minusSeconds(7)));
        assertEquals(Verdict.OK, r.verdict(), "no verdict goes by it");
        assertTrue(
                firstLine(r)
                        .endsWith(
                                " corrupt_state_files=0;;0;0 tick_age=7s;;;0 guard_beat_age=3s;30;;0"),
                firstLine(r));
        @SuppressWarnings("unchecked")
        Map<String, Object> perf = (Map<String, Object>) tree(r).get("perfdata");
        assertEquals(7L, perf.get("tick_age"));

        StatusReport none =
                report(
                        metrics,
                        new Primary().build(),
                        WatchdogState.initial(),
                        NOTHING,
                        Optional.empty(),
                        Optional.empty());
        assertTrue(
                firstLine(none).contains(" tick_age=U;;;0 "),
                "no textfile written yet: " + firstLine(none));
        assertFalse(
                firstLine(
                                report(
                                        config(""),
                                        new Primary().build(),
                                        WatchdogState.initial(),
                                        NOTHING,
                                        Optional.empty(),
                                        Optional.of(NOW)))
                        .contains("tick_age"),
                "without metrics.textfile nothing records the last tick");
    }

    // ---------------------------------------------------------------- a corrupt state file set
    // aside

    private static final WatchdogConfig C = HealthyPrimary.config("");

    /** As the tick builds it for its verdict metric: its own observations and decision. */
    private static StatusReport report(List<SetAsideStateFiles.SetAside> aside) {
        Observations o = HealthyPrimary.observations();
        WatchdogState s = WatchdogState.initial();
        return StatusReport.build(C, o, s, new Rules(C).decide(o, s), Optional.empty(), aside);
    }

    @Test
    void aSetAsideStateFileIsCriticalUntilRemoved() {
        assertEquals(
                Verdict.OK.exitCode(),
                report(List.of()).code(),
                report(List.of()).problems.toString());
        assertTrue(
                firstLine(report(List.of())).contains(" corrupt_state_files=0;;0;0 "),
                firstLine(report(List.of())));
        Path file = Path.of("/var/lib/failover-watchdog/state.json.corrupt-20261130T062000Z");
        StatusReport r =
                report(
                        List.of(
                                new SetAsideStateFiles.SetAside(
                                        file, HealthyPrimary.T0, "not JSON (line 3)")));
        assertEquals(Verdict.CRITICAL.exitCode(), r.code());
        assertEquals(1, r.problems.size(), r.problems.toString());
        String p = r.problems.get(0).toString();
        assertTrue(
                p.startsWith(
                        "CRITICAL: the state file was corrupt (not JSON (line 3)) and was set aside as "
                                + file
                                + " at 2026-11-30T06:20:00Z"),
                p);
        assertTrue(
                p.contains(
                        "fix: read it, pause again if maintenance was under way, then delete it to clear this"),
                p);
        assertEquals(
                List.of(
                        Map.of(
                                "file",
                                file.toString(),
                                "at",
                                "2026-11-30T06:20:00Z",
                                "problem",
                                "not JSON (line 3)")),
                tree(r).get("stateSetAside"));
        // The monitoring plugin's line goes by the same verdict: the set-aside file is its summary
        // and its perfdata.
        String line = firstLine(r);
        assertTrue(
                line.startsWith(
                        "FAILOVER-WATCHDOG CRITICAL - the state file was corrupt (not JSON (line 3)) and was set aside as "
                                + file),
                line);
        assertTrue(line.contains(" corrupt_state_files=1;;0;0 "), line);
        assertEquals(
                1,
                line.split("\\|", -1).length - 1,
                "one '|' only, the one before the perfdata: " + line);
        assertEquals("CRITICAL", tree(r).get("verdict"));
        assertEquals(r.summary(), tree(r).get("summary"));
    }
}
