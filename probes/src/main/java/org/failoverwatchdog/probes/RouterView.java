package org.failoverwatchdog.probes;

import java.util.List;

/**
 * What a router endpoint showed. Unreachable (no connection could be made) is a real observation
 * that Rule 3 counts; an answer that cannot be read is not this type but {@link Observed.Unknown}.
 */
public sealed interface RouterView permits RouterView.Registry, RouterView.Unreachable {

    record Registry(String url, List<RegistryEntry> entries) implements RouterView {
        public boolean hasActive(String type, String nodeIp) {
            return entries.stream()
                    .anyMatch(
                            e -> e.type().equals(type) && e.nodeIp().equals(nodeIp) && e.active());
        }

        public boolean has(String type, String nodeIp) {
            return entries.stream()
                    .anyMatch(e -> e.type().equals(type) && e.nodeIp().equals(nodeIp));
        }
    }

    record Unreachable(String url, String reason) implements RouterView {}
}
