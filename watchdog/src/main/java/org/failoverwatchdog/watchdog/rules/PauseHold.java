package org.failoverwatchdog.watchdog.rules;

import java.util.ArrayList;
import java.util.List;
import org.failoverwatchdog.convergence.PlanKind;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * What keeps a tick from acting (maintenance): this node's pause (`pause --node`, in state.json),
 * the pair's (the row its database shows), or a pair's pause that cannot be read.
 */
public sealed interface PauseHold {

    /** A line for the log, status and plan. */
    String describe();

    /** Whether it keeps a plan of this kind from running. */
    boolean holds(PlanKind kind);

    /** This node alone: `failover-watchdog pause --node`. */
    record Node(WatchdogState.Pause pause) implements PauseHold {
        public String describe() {
            return "this node is paused (pause --node) " + pause;
        }

        public boolean holds(PlanKind kind) {
            return true;
        }
    }

    /** The pair: `failover-watchdog pause`, as this node's database shows it. */
    record Pair(PairPause.Paused pause) implements PauseHold {
        public String describe() {
            return "the pair is " + pause;
        }

        public boolean holds(PlanKind kind) {
            return true;
        }
    }

    /**
     * The pair's pause cannot be read (neither database answered it, a missing grant): it may be
     * paused, so nothing that could make a writer runs; the fence does, because it only removes
     * one, and a node whose database cannot be read is never fenced anyway (the fence needs it
     * primary).
     */
    record PairUnknown(String reason) implements PauseHold {
        public String describe() {
            return "the pair's pause cannot be read (" + reason + ")";
        }

        public boolean holds(PlanKind kind) {
            return kind != PlanKind.FENCE;
        }
    }

    /** The holds this tick: the node's first, then the pair's. */
    static List<PauseHold> of(WatchdogState s, Observed<PairPause> pair) {
        List<PauseHold> holds = new ArrayList<>();
        s.paused().ifPresent(p -> holds.add(new Node(p)));
        if (pair instanceof Observed.Unknown<PairPause> u) holds.add(new PairUnknown(u.reason()));
        else if (pair.known().orElse(null) instanceof PairPause.Paused p) holds.add(new Pair(p));
        return List.copyOf(holds);
    }
}
