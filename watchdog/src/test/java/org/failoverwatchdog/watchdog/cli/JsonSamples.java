package org.failoverwatchdog.watchdog.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.convergence.PlanResult;
import org.failoverwatchdog.convergence.RuleName;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.convergence.StepResult;
import org.failoverwatchdog.convergence.TransitionHook;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.probes.StandbyReplay;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.Decision;
import org.failoverwatchdog.watchdog.rules.Observations;
import org.failoverwatchdog.watchdog.rules.Rules;
import org.failoverwatchdog.watchdog.state.MonitorState;
import org.failoverwatchdog.watchdog.state.MonitorStore;
import org.failoverwatchdog.watchdog.state.SetAsideStateFiles;
import org.failoverwatchdog.watchdog.state.StateStore;
import org.failoverwatchdog.watchdog.state.WatchdogState;
import org.failoverwatchdog.watchdog.testing.HealthyPrimary;

/**
 * The JSON the watchdog writes, from fixed values: state.json, monitor.json, journal lines, and the
 * status and list outputs. Run against a version's classes it writes that version's files (the
 * fixtures in src/test/resources/json-fixtures were written so by the code before the records, main
 * at 43a3bfb); {@code FileCompatibilityTest} reads them with the current code and expects these
 * same values. Only API that both versions have is used here.
 *
 * <p>{@code java -cp <test and main classes> ...cli.JsonSamples DIR}
 */
public final class JsonSamples {
    static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    private JsonSamples() {}

    /** Every field of state.json set, times with and without milliseconds. */
    public static WatchdogState state() {
        return WatchdogState.initial()
                .withRoleChange(T.minusSeconds(3600), true)
                .withTimer(Optional.of(T), Optional.of(T.plusMillis(10_250)))
                .withPending(
                        Optional.of(
                                new WatchdogState.Pending(
                                        PlanKind.PROMOTE,
                                        RuleName.RULE3,
                                        "active router 10.0.0.12 unreachable for 30 s",
                                        T.plusSeconds(11))))
                .withRepairs(
                        Map.of(
                                "edge",
                                new WatchdogState.Repairs(
                                        List.of(T.minusSeconds(120), T.minusMillis(60_500)), true),
                                "gateway",
                                new WatchdogState.Repairs(List.of(T.minusSeconds(30)), false)))
                .withPaused(
                        Optional.of(
                                new WatchdogState.Pause(
                                        T.minusSeconds(600),
                                        "db upgrade \"v17\" – ünïcode\nsecond line")))
                .withIsolation(
                        Optional.of(
                                new WatchdogState.Isolation(T.plusSeconds(1), T.plusSeconds(9))))
                .withFenced(
                        Optional.of(
                                new WatchdogState.Fence(
                                        T.plusSeconds(9), "peer and witness silent for 8 s")))
                .withRegistered(
                        Map.of("EDGE", T.minusSeconds(3600), "GATEWAY", T.minusSeconds(3500)));
    }

    public static MonitorState monitor() {
        return MonitorState.empty()
                .withNotes(List.of("the peer's database is not read", "ünïcode \"note\""))
                .withTransition(
                        new MonitorState.LastTransition(
                                T.minusSeconds(600),
                                "PROMOTE",
                                "rule1",
                                MonitorState.Result.SUCCEEDED,
                                Duration.ofMillis(25_023)))
                .withTransition(
                        new MonitorState.LastTransition(
                                T,
                                "REPAIR",
                                "rule2",
                                MonitorState.Result.FAILED,
                                Duration.ofMillis(1_200)))
                .withHook(TransitionHook.Result.SUCCEEDED)
                .withHook(TransitionHook.Result.SUCCEEDED)
                .withHook(TransitionHook.Result.TIMED_OUT)
                .withMetricsProblem(
                        Optional.of(
                                "cannot write /var/lib/node_exporter/failover_watchdog.prom: Permission denied"));
    }

    /** The journal's lines, oldest first. */
    public static List<PlanResult> plans() {
        Plan promote =
                new Plan(
                        PlanKind.PROMOTE,
                        RuleName.RULE1,
                        "local PostgreSQL is primary (timeline 2) but COMPOSE_PROFILES is ha-secondary",
                        List.of(
                                new Step.SetEnv(Map.of("COMPOSE_PROFILES", "ha-primary")),
                                new Step.Start(List.of("edge"))));
        Plan repair =
                new Plan(
                        PlanKind.REPAIR,
                        RuleName.RULE2,
                        "edge missing",
                        List.of(new Step.Restart(List.of("edge"))));
        return List.of(
                new PlanResult(
                        promote,
                        T.minusMillis(600_123),
                        Duration.ofMillis(25_023),
                        List.of(
                                new StepResult(
                                        "set {COMPOSE_PROFILES=ha-primary}",
                                        StepResult.Outcome.DONE,
                                        Duration.ofMillis(3),
                                        "written"),
                                new StepResult(
                                        "gate EDGE ACTIVE",
                                        StepResult.Outcome.GATE_PASSED,
                                        Duration.ofMillis(25_000),
                                        "")),
                        true),
                new PlanResult(
                        repair,
                        T,
                        Duration.ofMillis(1_200),
                        List.of(
                                new StepResult(
                                        "restart edge",
                                        StepResult.Outcome.FAILED,
                                        Duration.ofMillis(1_200),
                                        "exited 1: \"quoted\"\nünïcode line")),
                        false));
    }

    public static Journal.Entry lastEntry() {
        return new Journal.Entry(
                T.minusSeconds(600),
                "node1",
                "PROMOTE",
                "rule1",
                "db primary",
                true,
                25023,
                List.of());
    }

    /** `status --json` of a healthy primary. */
    static StatusReport healthyStatus() {
        WatchdogConfig c = HealthyPrimary.config("");
        Observations o = HealthyPrimary.observations();
        WatchdogState s = WatchdogState.initial();
        return StatusReport.build(
                c,
                o,
                s,
                new Rules(c).decide(o, s),
                Optional.of(lastEntry()),
                List.of(),
                Optional.of(o.at().minusSeconds(3)),
                Optional.of(o.at().minusSeconds(7)));
    }

    /** `status --json` with every item unknown or troubled, and every state field set. */
    static StatusReport troubledStatus() {
        WatchdogConfig c = HealthyPrimary.config("guard: {enabled: true}\n");
        Duration l = Duration.ofMillis(3);
        Instant at = HealthyPrimary.T0;
        Observations o =
                new Observations(
                        at,
                        Observed.unknown("PostgreSQL watchdog@127.0.0.1:5432/postgres: refused", l),
                        Observed.unknown("pgpool: connect timed out", l),
                        Observed.unknown("/opt/stack/.env: line 3: not KEY=VALUE", l),
                        Observed.known(
                                new RouterView.Unreachable(
                                        "http://10.0.0.12:9000/router/rest/status",
                                        "Connection refused"),
                                l),
                        Observed.unknown("answered HTML", l),
                        Observed.known(Answer.no("connect timed out"), l),
                        Observed.unknown("Docker: connection refused", l),
                        Optional.of(Observed.known(Answer.no("witness does not reach it"), l)),
                        Optional.of(
                                Observed.known(
                                        new DbState(DbRole.PRIMARY, 3, "0/6000000", false, 0), l)),
                        Observed.known(new Reach(Reach.Kind.SILENT, "connect timed out"), l),
                        Optional.of(Observed.known(new Reach(Reach.Kind.REFUSES, "refused"), l)));
        Plan next =
                new Plan(
                        PlanKind.DEMOTE,
                        RuleName.FENCE,
                        "fenced",
                        List.of(new Step.Restart(List.of("edge"))));
        WatchdogState s = state();
        return StatusReport.build(
                c,
                o,
                s,
                new Decision(Optional.of(next), s, List.of("a note", "another note")),
                Optional.empty(),
                List.of(
                        new SetAsideStateFiles.SetAside(
                                Path.of("/var/lib/watchdog/state.json.corrupt-20261130T062000Z"),
                                at,
                                "not JSON (line 3)")),
                Optional.of(at.minusSeconds(45)),
                Optional.empty());
    }

    /** `list --json`: the healthy pair from the primary and the standby, and everything unknown. */
    static Map<String, PairListing> listings() {
        PairListingTest.Pair standby = new PairListingTest.Pair(false);
        standby.replicas = Observed.unknown("pg_stat_replication hides the standbys' details", l());
        standby.replay.put(
                PairListing.Side.SELF,
                Observed.known(
                        new StandbyReplay(OptionalLong.of(0), OptionalDouble.of(3.14)), l()));
        PairListingTest.Pair notStreaming = new PairListingTest.Pair(true);
        notStreaming.replicas = Observed.known(List.of(), l());
        PairListingTest.Pair unknown = new PairListingTest.Pair(true);
        unknown.db = Observed.unknown("PostgreSQL: The connection attempt failed.", l());
        unknown.peerDb = Observed.unknown("PostgreSQL: connect timed out", l());
        unknown.env = Observed.unknown("/opt/stack/.env: line 3: not KEY=VALUE", l());
        unknown.activeRouter = Observed.unknown("HA_ROUTER_IP is not set", Duration.ZERO);
        unknown.peerRouter = Observed.unknown("answered HTML", l());
        unknown.containers = Observed.unknown("Docker: connection refused", l());
        unknown.state = Observed.unknown("state.json: not JSON (line 1)", Duration.ZERO);
        unknown.lastTick = Observed.unknown("metrics.textfile is not configured", Duration.ZERO);
        unknown.last = Observed.unknown("journal.jsonl: Permission denied", Duration.ZERO);
        unknown.guardBeat = Optional.empty();
        PairListingTest.Pair witness = new PairListingTest.Pair(true);
        witness.witnessReach =
                Optional.of(Observed.known(new Reach(Reach.Kind.ACCEPTS, "accepted"), l()));
        witness.witnessSeesPeer =
                Optional.of(Observed.known(Answer.no("does not reach the peer (exit 2)"), l()));
        witness.state = Observed.known(state(), Duration.ZERO);
        return Map.of(
                "list-primary.json", new PairListingTest.Pair(true).listing(""),
                "list-standby.json", standby.listing(""),
                "list-not-streaming.json", notStreaming.listing(""),
                "list-unknown.json", unknown.listing(""),
                "list-witness.json",
                        witness.listing(
                                "witness: {name: w, ip: 10.0.0.13, ssh_key: /etc/hostname, known_hosts: /etc/hostname}\n"));
    }

    private static Duration l() {
        return Duration.ofMillis(3);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        new StateStore(dir).save(state());
        Files.move(dir.resolve("state.json"), dir.resolve("state-full.json"));
        new StateStore(dir).save(WatchdogState.fresh());
        Files.move(dir.resolve("state.json"), dir.resolve("state-fresh.json"));
        new MonitorStore(dir).save(monitor());
        Journal j = new Journal(dir.resolve("journal.jsonl"));
        for (PlanResult r : plans()) j.append(r, "node1");
        Files.writeString(
                dir.resolve("status-healthy.json"),
                Main.JSON.writeValueAsString(healthyStatus().tree) + "\n");
        Files.writeString(
                dir.resolve("status-troubled.json"),
                Main.JSON.writeValueAsString(troubledStatus().tree) + "\n");
        for (Map.Entry<String, PairListing> e : listings().entrySet())
            Files.writeString(
                    dir.resolve(e.getKey()),
                    Main.JSON.writeValueAsString(PairListingJson.tree(e.getValue())) + "\n");
    }
}
