package org.failoverwatchdog.drills.measure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Single-writer check from the schedulers' heartbeat rows. A MASTER writes one row a second, so for
 * each service type and node the rows form runs (consecutive rows no more than maxGap apart; a run
 * spans its first to its last row). Two nodes wrote for the same type at once wherever their runs
 * overlap. The total is the length of the union of those overlaps over all types (seconds during
 * which at least one type had two writers), so four types doubled for 10 s count 10 s, not 40 s.
 * interleavedRows also catches a lone row of one node inside another node's run, which has no
 * length but is still a second writer.
 */
public record DualWriter(
        double seconds,
        Map<String, Double> secondsByService,
        int interleavedRows,
        List<Overlap> overlaps) {
    public static final Duration DEFAULT_MAX_GAP = Duration.ofMillis(2500);

    public record Overlap(String service, String nodeA, String nodeB, Instant from, Instant to) {}

    record Run(String node, Instant from, Instant to) {}

    public boolean clean() {
        return seconds == 0 && interleavedRows == 0;
    }

    public static DualWriter of(List<HeartbeatRow> rows, Duration maxGap) {
        Map<String, Map<String, List<Instant>>> byService = new TreeMap<>();
        for (HeartbeatRow r : rows) {
            byService
                    .computeIfAbsent(r.service(), k -> new TreeMap<>())
                    .computeIfAbsent(r.node(), k -> new ArrayList<>())
                    .add(r.at());
        }
        List<Overlap> overlaps = new ArrayList<>();
        Map<String, Double> perService = new TreeMap<>();
        int interleaved = 0;
        for (var svc : byService.entrySet()) {
            Map<String, List<Run>> runs = new TreeMap<>();
            svc.getValue().forEach((node, times) -> runs.put(node, runs(node, times, maxGap)));
            List<String> nodes = new ArrayList<>(runs.keySet());
            double secs = 0;
            for (int i = 0; i < nodes.size(); i++) {
                for (int j = i + 1; j < nodes.size(); j++) {
                    for (Run a : runs.get(nodes.get(i))) {
                        for (Run b : runs.get(nodes.get(j))) {
                            Instant from = max(a.from(), b.from()), to = min(a.to(), b.to());
                            if (from.isBefore(to)) {
                                overlaps.add(
                                        new Overlap(svc.getKey(), a.node(), b.node(), from, to));
                                secs += millis(from, to) / 1000.0;
                            }
                        }
                    }
                }
            }
            for (var own : svc.getValue().entrySet()) {
                for (Instant t : own.getValue()) {
                    boolean inside =
                            runs.entrySet().stream()
                                    .filter(e -> !e.getKey().equals(own.getKey()))
                                    .flatMap(e -> e.getValue().stream())
                                    .anyMatch(r -> r.from().isBefore(t) && t.isBefore(r.to()));
                    if (inside) interleaved++;
                }
            }
            if (secs > 0) perService.put(svc.getKey(), BadWindow.round1(secs));
        }
        return new DualWriter(
                BadWindow.round1(unionSeconds(overlaps)), perService, interleaved, overlaps);
    }

    static List<Run> runs(String node, List<Instant> times, Duration maxGap) {
        List<Instant> t = times.stream().sorted().collect(Collectors.toList());
        List<Run> out = new ArrayList<>();
        if (t.isEmpty()) return out;
        Instant from = t.get(0), last = t.get(0);
        for (Instant x : t.subList(1, t.size())) {
            if (Duration.between(last, x).compareTo(maxGap) > 0) {
                out.add(new Run(node, from, last));
                from = x;
            }
            last = x;
        }
        out.add(new Run(node, from, last));
        return out;
    }

    static double unionSeconds(List<Overlap> overlaps) {
        List<Overlap> s = overlaps.stream().sorted(Comparator.comparing(Overlap::from)).toList();
        long total = 0;
        Instant curFrom = null, curTo = null;
        for (Overlap o : s) {
            if (curTo == null || o.from().isAfter(curTo)) {
                if (curTo != null) total += millis(curFrom, curTo);
                curFrom = o.from();
                curTo = o.to();
            } else if (o.to().isAfter(curTo)) {
                curTo = o.to();
            }
        }
        if (curTo != null) total += millis(curFrom, curTo);
        return total / 1000.0;
    }

    private static long millis(Instant a, Instant b) {
        return Duration.between(a, b).toMillis();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
