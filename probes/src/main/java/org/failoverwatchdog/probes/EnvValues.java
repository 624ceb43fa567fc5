package org.failoverwatchdog.probes;

import java.util.Optional;

/** The node's HA state as the Compose project's .env holds it. */
public record EnvValues(Optional<String> profiles, Optional<String> haRouterIp) {}
