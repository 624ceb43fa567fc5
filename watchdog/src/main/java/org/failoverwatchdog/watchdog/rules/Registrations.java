package org.failoverwatchdog.watchdog.rules;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.failoverwatchdog.probes.ContainerState;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * The registration memory: which container of each service was seen registered in the active
 * router. A service registers once, when its container starts, so that container missing from the
 * registry later was lost (a router that restarted empty) and will not come back by itself: Rule 2
 * repairs it without waiting repair_grace.
 */
final class Registrations {
    private Registrations() {}

    static WatchdogState track(WatchdogConfig c, Observations o, WatchdogState s) {
        if (!(o.activeRouter().known().orElse(null) instanceof RouterView.Registry reg)) return s;
        if (!(o.containers() instanceof Observed.Known<Map<String, ContainerState>> k)) return s;
        Map<String, Instant> seen = new HashMap<>(s.registered());
        c.router()
                .serviceTypes()
                .forEach(
                        (type, service) -> {
                            ContainerState cs = k.value().get(service);
                            if (cs != null && cs.running() && reg.has(type, c.node().ip()))
                                seen.put(service, cs.startedAt());
                        });
        return seen.equals(s.registered()) ? s : s.withRegistered(seen);
    }

    /** This container (not an earlier one of its service) was seen registered. */
    static boolean seen(WatchdogState s, String service, ContainerState container) {
        return container.startedAt().equals(s.registered().get(service));
    }
}
