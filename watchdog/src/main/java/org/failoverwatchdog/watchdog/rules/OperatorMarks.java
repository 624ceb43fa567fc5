package org.failoverwatchdog.watchdog.rules;

import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.probes.Reach;
import org.failoverwatchdog.watchdog.state.WatchdogState;

/**
 * What an operator's command left in the state, kept while it still holds and dropped when it no
 * longer does: a switchover's hold on Rule 3 ends at its deadline (the command normally clears it
 * sooner), and the failover's assertion that the peer is gone ends the first time the peer answers
 * (then it is a node like any other: rejoined if it is a stale primary, fenced rules as ever).
 */
final class OperatorMarks {
    private OperatorMarks() {}

    static WatchdogState settle(Observations o, WatchdogState s, List<String> notes) {
        if (s.operator().isEmpty()) return s;
        WatchdogState.Operator op = s.operator().get();
        if (op instanceof WatchdogState.Operator.Switchover sw) {
            if (!o.at().isBefore(sw.until())) {
                notes.add(
                        "the switchover from "
                                + sw.from()
                                + " begun at "
                                + sw.since()
                                + " did not end by "
                                + sw.until()
                                + ": its hold on Rule 3 is lifted");
                return s.withOperator(Optional.empty());
            }
            notes.add(
                    "a switchover from "
                            + sw.from()
                            + " to this node is under way since "
                            + sw.since()
                            + ": Rule 3 holds (until "
                            + sw.until()
                            + ")");
            return s;
        }
        WatchdogState.Operator.PeerGone g = (WatchdogState.Operator.PeerGone) op;
        Optional<Reach> peer = o.peerReach().known();
        if (peer.isPresent() && !peer.get().silent()) {
            notes.add(
                    "the peer answers again ("
                            + peer.get()
                            + "): the assertion that it is gone ("
                            + g.by()
                            + "'s failover at "
                            + g.since()
                            + ") is lifted");
            return s.withOperator(Optional.empty());
        }
        notes.add(
                g.by()
                        + " asserted at "
                        + g.since()
                        + " that the peer is gone (failover): this node is not fenced for"
                        + " the peer's silence until the peer answers again");
        return s;
    }

    /** The failover's assertion stands: the peer's silence is no reason to fence. */
    static boolean peerAssertedGone(WatchdogState s) {
        return s.operator().orElse(null) instanceof WatchdogState.Operator.PeerGone;
    }

    /** A switchover to this node is under way: repmgr stopped the peer's database on purpose. */
    static boolean switchoverUnderWay(WatchdogState s) {
        return s.operator().orElse(null) instanceof WatchdogState.Operator.Switchover;
    }
}
