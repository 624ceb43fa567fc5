package org.failoverwatchdog.watchdog.rules;

import java.util.Optional;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.RouterView;

/**
 * The datacenter-failover condition of this tick: the peer's router unreachable, the peer node
 * silent on its check port, and the witness (when configured) unable to reach the peer. Each must
 * be observed so: an UNKNOWN holds Rule 3 back.
 */
final class PeerGone {
    private PeerGone() {}

    static boolean in(Observations o) {
        return unless(o).isEmpty();
    }

    /** Empty when the peer is gone; else the first thing that says it may not be. */
    static Optional<String> unless(Observations o) {
        if (!(o.peerRouter().known().orElse(null) instanceof RouterView.Unreachable)) {
            return Optional.of(
                    "the peer's router "
                            + (o.peerRouter().known().isPresent()
                                    ? "answers"
                                    : "is UNKNOWN: " + o.peerRouter().describe()));
        }
        if (!(o.peerNode() instanceof Observed.Known<Answer> pn) || pn.value().ok()) {
            return Optional.of(
                    "the peer node "
                            + (o.peerNode().isKnown()
                                    ? "answers (" + o.peerNode().describe() + ")"
                                    : "is UNKNOWN"));
        }
        if (o.witnessSeesPeer().isPresent()) {
            Observed<Answer> w = o.witnessSeesPeer().get();
            if (!(w instanceof Observed.Known<Answer> wk) || wk.value().ok()) {
                return Optional.of(
                        "the witness "
                                + (w.isKnown()
                                        ? "still sees the peer"
                                        : "cannot confirm: " + w.describe()));
            }
        }
        return Optional.empty();
    }
}
