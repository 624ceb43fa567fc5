package org.failoverwatchdog.refapp.router;

import java.time.Instant;

/** One registered service instance, as listed in the router status. */
public record Entry(
        long id,
        String type,
        String instanceId,
        String nodeIp,
        Role role,
        Status status,
        Instant registeredAt) {

    public enum Role {
        MASTER,
        SLAVE
    }

    public enum Status {
        STARTING,
        ACTIVE
    }

    Entry active() {
        return new Entry(id, type, instanceId, nodeIp, role, Status.ACTIVE, registeredAt);
    }
}
