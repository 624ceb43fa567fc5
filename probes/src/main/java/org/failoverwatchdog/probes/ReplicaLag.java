package org.failoverwatchdog.probes;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One standby as its primary's pg_stat_replication shows it.
 *
 * @param applicationName the standby's application_name (repmgr sets its node name)
 * @param clientAddr the address it connects from; empty over a Unix-domain socket
 * @param state streaming, catchup, startup, backup or stopping
 * @param replayBytes how far its replay is behind the primary's current WAL position; empty before
 *     it replayed anything
 * @param replaySeconds replay_lag as the primary measured it; empty once it caught up and no WAL
 *     came since
 */
public record ReplicaLag(
        String applicationName,
        Optional<String> clientAddr,
        String state,
        OptionalLong replayBytes,
        OptionalDouble replaySeconds) {}
