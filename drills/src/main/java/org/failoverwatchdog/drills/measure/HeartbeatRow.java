package org.failoverwatchdog.drills.measure;

import java.time.Instant;

/** One row the MASTER scheduler of a service type wrote: which node, which type, when. */
public record HeartbeatRow(String node, String service, Instant at) {}
