package org.failoverwatchdog.probes;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A standby's own view of its replay, for when its primary cannot be read: it knows what it
 * received, not what the primary has written since.
 *
 * @param receivedNotReplayedBytes WAL received but not yet replayed; empty before anything was
 *     received by streaming
 * @param sinceLastReplaySeconds since the last replayed transaction committed on the primary; grows
 *     while the primary is idle
 */
public record StandbyReplay(
        OptionalLong receivedNotReplayedBytes, OptionalDouble sinceLastReplaySeconds) {}
