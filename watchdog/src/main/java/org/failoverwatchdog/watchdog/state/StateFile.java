package org.failoverwatchdog.watchdog.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * state.json as it is on disk, bound by Jackson ({@link org.failoverwatchdog.convergence.Json}):
 * the fields in the order they have always been written, each null (left out) when absent. {@link
 * StateStore} turns it into a {@link WatchdogState} and back, and checks what the types cannot say
 * (a required field, a known plan kind).
 *
 * @param version always 1
 * @param repairs always written (possibly empty)
 * @param lastRepair the format before the crash-loop window (one time per service): read, never
 *     written
 * @param startedFresh written only while true: older versions never see it
 * @param registered written only when not empty, sorted
 * @param operator an operator's switchover or failover assertion ({@link WatchdogState.Operator});
 *     written only while one holds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StateFile(
        Integer version,
        Instant routerAbsentSince,
        Instant routerAbsentLastSeen,
        Instant lastRoleChange,
        Boolean rule3Promoted,
        Pending pending,
        Map<String, Repairs> repairs,
        Map<String, Instant> lastRepair,
        Pause paused,
        Isolation isolation,
        Fence fenced,
        Boolean startedFresh,
        Map<String, Instant> registered,
        Operator operator) {

    /**
     * @param kind a {@link org.failoverwatchdog.convergence.PlanKind}'s name
     * @param rule a {@link org.failoverwatchdog.convergence.RuleName}'s wire name
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Pending(String kind, String rule, String reason, Instant startedAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Repairs(List<Instant> times, Boolean lastFailed) {}

    /**
     * @param by who paused this node (`pause --node`); written only when known (left out by
     *     versions before it was recorded)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Pause(Instant since, String reason, String by) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Isolation(Instant since, Instant lastSeen) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Fence(Instant since, String reason) {}

    /**
     * @param kind switchover (since, until, from) or peer-gone (since, by, evidence)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Operator(
            String kind, Instant since, Instant until, String from, String by, String evidence) {}
}
