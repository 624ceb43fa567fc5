package org.failoverwatchdog.drills.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of the watchdog's journal (/var/lib/failover-watchdog/journal.jsonl, written by
 * convergence/Journal.java): "time" is when the plan started, totalMs how long it ran, so it ended
 * at time + totalMs.
 */
public record JournalEntry(
        Instant time,
        String node,
        String kind,
        String rule,
        String reason,
        boolean succeeded,
        long totalMs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Instant end() {
        return time.plusMillis(totalMs);
    }

    /**
     * The entries of one kind (e.g. FENCE) that started at or after from, oldest first. Half a
     * second of slack: the node's clock against the drill host's.
     */
    public static List<JournalEntry> ofKindSince(
            List<JournalEntry> entries, String kind, Instant from) {
        Instant lo = from.minusMillis(500);
        return entries.stream()
                .filter(e -> e.kind().equals(kind) && !e.time().isBefore(lo))
                .sorted(java.util.Comparator.comparing(JournalEntry::time))
                .toList();
    }

    /** The first succeeded entry of {@link #ofKindSince}'s, if any. */
    public static Optional<JournalEntry> firstSucceeded(
            List<JournalEntry> entries, String kind, Instant from) {
        return ofKindSince(entries, kind, from).stream()
                .filter(JournalEntry::succeeded)
                .findFirst();
    }

    /** Every readable line; a torn or foreign line is skipped, as the watchdog itself does. */
    public static List<JournalEntry> parseLines(String text) {
        List<JournalEntry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            try {
                JsonNode o = JSON.readTree(line);
                if (o == null || !o.hasNonNull("time") || !o.hasNonNull("kind")) continue;
                out.add(
                        new JournalEntry(
                                Instant.parse(o.get("time").asText()),
                                o.path("node").asText(""),
                                o.get("kind").asText(),
                                o.path("rule").asText(""),
                                o.path("reason").asText(""),
                                o.path("succeeded").asBoolean(false),
                                o.path("totalMs").asLong(0)));
            } catch (java.io.IOException | DateTimeParseException e) {
                // skipped: a line cut by a crash mid-append
            }
        }
        return out;
    }
}
