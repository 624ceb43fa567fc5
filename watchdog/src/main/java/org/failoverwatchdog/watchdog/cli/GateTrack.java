package org.failoverwatchdog.watchdog.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * Ordered gates followed across successive reads of the pair: a gate passes at the first read at
 * which it holds, once every gate before it has passed; so each gate's time says when that part of
 * the handover was first seen done. A gate that held once is not asked again.
 */
final class GateTrack {
    /** A gate and the read at which it passed. */
    record Passed(HandoverGates.Gate gate, Instant at, String seen) {}

    private final WatchdogConfig c;
    private final List<HandoverGates.Gate> gates;
    private final List<Passed> passed = new ArrayList<>();
    private Optional<HandoverGates.Seen> lastSeen = Optional.empty();

    GateTrack(WatchdogConfig c, List<HandoverGates.Gate> gates) {
        this.c = c;
        this.gates = List.copyOf(gates);
    }

    /** One read of the pair, made at {@code at}. */
    synchronized void observe(Instant at, PairSnapshot s) {
        while (passed.size() < gates.size()) {
            HandoverGates.Seen seen = HandoverGates.check(gates.get(passed.size()), c, s);
            lastSeen = Optional.of(seen);
            if (!seen.held()) return;
            passed.add(new Passed(seen.gate(), at, seen.seen()));
        }
    }

    synchronized List<Passed> passed() {
        return List.copyOf(passed);
    }

    synchronized boolean done() {
        return passed.size() == gates.size();
    }

    synchronized boolean hasPassed(HandoverGates.Gate g) {
        return passed.stream().anyMatch(p -> p.gate() == g);
    }

    /** The gate still waited for, and what the last read saw of it. */
    synchronized Optional<HandoverGates.Seen> waiting() {
        if (done()) return Optional.empty();
        HandoverGates.Gate g = gates.get(passed.size());
        return Optional.of(
                lastSeen.filter(x -> x.gate() == g)
                        .orElse(new HandoverGates.Seen(g, false, "not read yet")));
    }
}
