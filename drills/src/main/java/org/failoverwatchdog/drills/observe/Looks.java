package org.failoverwatchdog.drills.observe;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.failoverwatchdog.drills.measure.Timeline;

/**
 * Figures over the looks a drill took (about one {@link ClusterState} a second while it waited or
 * held a fault): how long a condition held, when it first held.
 */
public final class Looks {
    private Looks() {}

    /**
     * Seconds between from and to covered by looks where the condition held (a look stands until
     * the next).
     */
    public static double seconds(
            List<ClusterState> looks, Predicate<ClusterState> cond, Instant from, Instant to) {
        return Timeline.seconds(
                looks.stream().map(s -> new Timeline.Point(s.at(), cond.test(s))).toList(),
                from,
                to);
    }

    /** The first look at or after from where the condition held. */
    public static Optional<Instant> first(
            List<ClusterState> looks, Predicate<ClusterState> cond, Instant from) {
        return looks.stream()
                .sorted(Comparator.comparing(ClusterState::at))
                .filter(s -> !s.at().isBefore(from) && cond.test(s))
                .map(ClusterState::at)
                .findFirst();
    }

    /** "This node was reachable and its facts matched", for the functions above. */
    public static Predicate<ClusterState> node(String name, Predicate<NodeFacts.Reachable> p) {
        return s -> s.reachable().stream().anyMatch(n -> n.node().equals(name) && p.test(n));
    }
}
