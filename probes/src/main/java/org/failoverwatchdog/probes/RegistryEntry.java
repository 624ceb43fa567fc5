package org.failoverwatchdog.probes;

/** One service instance as the active router's registry lists it. */
public record RegistryEntry(
        String type, String nodeIp, String role, String status, String instanceId) {
    public boolean active() {
        return "ACTIVE".equals(status);
    }

    public boolean master() {
        return "MASTER".equals(role);
    }
}
