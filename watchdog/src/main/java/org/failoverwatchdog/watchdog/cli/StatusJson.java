package org.failoverwatchdog.watchdog.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * `status --json`, as Jackson writes it: the field names and their order are the output's (lab/lab
 * reads verdict, problems, next and paused; the drills keep the whole). A field that is null is
 * written as null, except in the records marked NON_NULL, whose fields appear only when they hold
 * (a database that answered has no "error", one that did not has no "timeline").
 */
record StatusJson(
        Node node,
        Database database,
        Env env,
        Router router,
        Pooler pooler,
        Map<String, Map<String, String>> registry,
        Peer peer,
        String witness,
        Fence fence,
        Rule3 rule3,
        Map<String, Repair> repairs,
        Pending pending,
        Paused paused,
        PairPause pairPause,
        Withheld withheld,
        Next next,
        List<String> notes,
        PairListingJson.Transition lastTransition,
        Guard guard,
        List<SetAside> stateSetAside,
        String verdict,
        String summary,
        List<String> problems,
        Map<String, Number> perfdata) {

    record Node(String name, String ip) {}

    /** Known: role, timeline, lsn, readOnly, streamingReplicas; unknown: role UNKNOWN and error. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Database(
            String role,
            Long timeline,
            String lsn,
            Boolean readOnly,
            Integer streamingReplicas,
            String error) {}

    /** Known: profiles, haRouterIp, routerIsOn (self, peer or other); unknown: error. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Env(String profiles, String haRouterIp, String routerIsOn, String error) {}

    record Router(String local, RouterState active) {}

    /** A router as read: answers (url, entries), unreachable (url, reason) or UNKNOWN (reason). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RouterState(String url, String state, Integer entries, String reason) {}

    /**
     * @param ok null when the pooler could not be asked
     */
    record Pooler(Boolean ok, String detail) {}

    /**
     * @param answers null when not known
     */
    record Peer(String name, String ip, Boolean answers, RouterState router, String database) {}

    record Fence(
            boolean enabled,
            String peerReach,
            String witnessReach,
            Instant silentSince,
            Instant fencedSince,
            String reason) {}

    record Rule3(Instant timerSince, Long absentMs, long thresholdMs, boolean promotedAheadOfDb) {}

    record Repair(Instant last, boolean lastFailed, int inWindow) {}

    record Pending(String kind, String rule, String reason, Instant startedAt) {}

    /**
     * This node's own pause (`pause --node`).
     *
     * @param by who paused it ("" in a state file written before it was recorded)
     */
    record Paused(Instant since, String reason, String by) {}

    /**
     * The pair's pause as this node's tick reads it: as `list` shows one database's ({@link
     * PairListingJson.PauseJson}), or {"paused": null, "error": why} when it could not be read.
     */
    sealed interface PairPause permits PairListingJson.PauseJson, PairPauseUnknown {}

    /**
     * @param paused always null: not known
     */
    record PairPauseUnknown(Boolean paused, String error) implements PairPause {
        PairPauseUnknown(String error) {
            this(null, error);
        }
    }

    /**
     * The plan a pause holds back (the tick's withheld plan).
     *
     * @param heldBy each pause that holds it, described
     */
    record Withheld(String kind, String rule, String reason, List<String> heldBy) {}

    /** What the next tick would do: a plan, or the string "nothing". */
    sealed interface Next permits NextPlan, Nothing {}

    record NextPlan(String kind, String rule, String reason) implements Next {}

    enum Nothing implements Next {
        NOTHING;

        @JsonValue
        String json() {
            return "nothing";
        }
    }

    /**
     * @param beatAgeS null without a beat, or with the guard not enabled
     */
    record Guard(boolean enabled, Long beatAgeS) {}

    record SetAside(String file, Instant at, String problem) {}

    /** What status says when it cannot take the status at all (a corrupt state file, say). */
    record CannotRun(String verdict, String summary, List<String> problems) {}
}
