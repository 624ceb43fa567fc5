package org.failoverwatchdog.drills.measure;

import java.time.Instant;

/** A node's database role at one moment: PRIMARY, STANDBY or DOWN (no answer). */
public record RoleSample(String node, Instant at, String role) {}
