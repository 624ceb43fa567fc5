package org.failoverwatchdog.convergence;

import org.failoverwatchdog.probes.DbRole;

/** What a gate waits for. Each is observed through the probes module. */
public sealed interface GateCheck {

    String describe();

    /** SELECT 1 through the local pooler succeeds. */
    record PoolerAnswers() implements GateCheck {
        public String describe() {
            return "pooler answers SELECT 1";
        }
    }

    /** The router at routerIp answers with a readable registry. */
    record RouterAnswers(String routerIp) implements GateCheck {
        public String describe() {
            return "router " + routerIp + " answers";
        }
    }

    /** The registry of the router at routerIp lists type from nodeIp as ACTIVE. */
    record RegistryActive(String type, String routerIp, String nodeIp) implements GateCheck {
        public String describe() {
            return type + "@" + nodeIp + " ACTIVE in router " + routerIp;
        }
    }

    /** The service's container is running and (if it has a healthcheck) healthy. */
    record ContainerHealthy(String service) implements GateCheck {
        public String describe() {
            return service + " healthy";
        }
    }

    /** The local PostgreSQL answers with this role (a rejoined node: STANDBY). */
    record LocalDbRole(DbRole role) implements GateCheck {
        public String describe() {
            return "local PostgreSQL is " + role;
        }
    }
}
