package org.failoverwatchdog.watchdog.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.probes.RegistryEntry;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.Observations;

/** node1, primary in every respect, its peer node2 a standby that answers: what status calls OK. */
public final class HealthyPrimary {
    public static final Instant T0 = Instant.parse("2026-11-30T06:20:00Z");
    private static final Duration L = Duration.ofMillis(3);
    private static final List<String> TYPES = List.of("GATEWAY", "DATASERVICE", "EDGE", "BASTION");

    private HealthyPrimary() {}

    public static WatchdogConfig config(String extra) {
        return WatchdogYml.node1().withPeerConninfo().config(extra);
    }

    public static Observations observations() {
        List<RegistryEntry> entries = new ArrayList<>();
        for (String t : TYPES) {
            entries.add(new RegistryEntry(t, "10.0.0.11", "MASTER", "ACTIVE", t + "@node1"));
            entries.add(new RegistryEntry(t, "10.0.0.12", "SLAVE", "ACTIVE", t + "@node2"));
        }
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
                            T0.minusSeconds(3600),
                            0));
        }
        Observed<RouterView> self =
                Observed.known(
                        new RouterView.Registry(
                                "http://10.0.0.11:9000/router/rest/status", entries),
                        L);
        return new Observations(
                T0,
                Observed.known(new DbState(DbRole.PRIMARY, 2, "0/5000000", false, 1), L),
                Observed.known(Answer.yes("2 ms"), L),
                Observed.known(
                        new EnvValues(Optional.of("ha-primary"), Optional.of("10.0.0.11")), L),
                self,
                Observed.known(
                        new RouterView.Unreachable(
                                "http://10.0.0.12:9000/router/rest/status", "Connection refused"),
                        L),
                Observed.known(Answer.yes("accepted"), L),
                Observed.known(containers, L),
                Optional.empty(),
                Optional.of(
                        Observed.known(new DbState(DbRole.STANDBY, 2, "0/5000000", true, 0), L)),
                Observed.known(new Reach(Reach.Kind.ACCEPTS, "accepted"), L),
                Optional.empty());
    }
}
