package org.failoverwatchdog.drills.measure;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Acknowledged writes compared with what the final primary holds. lost: committed as far as the
 * client was told, but gone. unacknowledgedPresent: the client saw an error yet the row is there
 * (the commit landed and only the answer was lost); not a fault, reported for completeness.
 */
public record LostWrites(
        int acknowledged,
        int present,
        int lost,
        List<Integer> lostSeqs,
        int unacknowledgedPresent) {
    private static final int SHOW = 50;

    public static LostWrites of(Set<Integer> acknowledged, Set<Integer> present) {
        TreeSet<Integer> lost = new TreeSet<>(acknowledged);
        lost.removeAll(present);
        TreeSet<Integer> extra = new TreeSet<>(present);
        extra.removeAll(acknowledged);
        return new LostWrites(
                acknowledged.size(),
                present.size(),
                lost.size(),
                lost.stream().limit(SHOW).toList(),
                extra.size());
    }
}
