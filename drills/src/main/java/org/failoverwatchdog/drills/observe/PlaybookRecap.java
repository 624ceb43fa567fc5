package org.failoverwatchdog.drills.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PLAY RECAP of an ansible-playbook run, from its output: per host, how many tasks were ok,
 * changed, unreachable, failed, rescued. A run whose exit status was 0 but whose recap names a
 * failed or unreachable host (or leaves out a node) did not upgrade everything.
 */
public record PlaybookRecap(Map<String, Counts> hosts) {
    private static final Pattern LINE =
            Pattern.compile(
                    "^\\s*(\\S+)\\s*:\\s*ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)"
                            + "(?:\\s+skipped=(\\d+))?(?:\\s+rescued=(\\d+))?(?:\\s+ignored=(\\d+))?\\s*$");

    public record Counts(int ok, int changed, int unreachable, int failed, int rescued) {}

    public PlaybookRecap {
        hosts = Map.copyOf(hosts);
    }

    /** The last recap in the output; empty when there is none (the run never got to its end). */
    public static Optional<PlaybookRecap> parse(String output) {
        Map<String, Counts> last = null;
        Map<String, Counts> current = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("PLAY RECAP")) {
                current = new LinkedHashMap<>();
                last = current;
                continue;
            }
            if (current == null) continue;
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                current.put(
                        m.group(1),
                        new Counts(
                                Integer.parseInt(m.group(2)),
                                Integer.parseInt(m.group(3)),
                                Integer.parseInt(m.group(4)),
                                Integer.parseInt(m.group(5)),
                                m.group(7) == null ? 0 : Integer.parseInt(m.group(7))));
            } else if (!line.isBlank()) {
                current = null; // the recap ended
            }
        }
        return last == null || last.isEmpty()
                ? Optional.empty()
                : Optional.of(new PlaybookRecap(last));
    }

    /** Hosts that failed or were unreachable, and required hosts the recap does not name. */
    public List<String> problems(List<String> required) {
        List<String> out = new ArrayList<>();
        for (String h : required) {
            if (!hosts.containsKey(h)) out.add(h + " is not in the recap");
        }
        hosts.forEach(
                (h, c) -> {
                    if (c.failed() > 0) out.add(h + " failed=" + c.failed());
                    if (c.unreachable() > 0) out.add(h + " unreachable=" + c.unreachable());
                });
        return out;
    }

    /** Tasks that changed something, over every host. */
    public int changed() {
        return hosts.values().stream().mapToInt(Counts::changed).sum();
    }
}
