package org.failoverwatchdog.watchdog.log;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which notes to log: a note that repeats every tick ("database role UNKNOWN: Rule 1 waits") is
 * logged when it appears and when it goes away ("no longer: ..."), not every 10 s (or every second
 * while the guard ticks at once). A note is the same note when only its numbers moved ("absent 1200
 * ms of 5000 ms", then "absent 2400 ms"): the digits do not count. At debug level every tick says
 * each note that still holds ("still: ..."), for whoever needs every tick's reasons.
 */
public final class NoteLog {
    private NoteLog() {}

    /**
     * @param logged the notes logged while they were current (as they read when they appeared)
     * @param appeared to log now
     * @param gone to log as "no longer: ..."
     * @param still this tick's text of the notes that were already logged
     */
    public record Change(
            List<String> logged, List<String> appeared, List<String> gone, List<String> still) {
        public Change {
            logged = List.copyOf(logged);
            appeared = List.copyOf(appeared);
            gone = List.copyOf(gone);
            still = List.copyOf(still);
        }

        public boolean changed() {
            return !appeared.isEmpty() || !gone.isEmpty();
        }
    }

    /**
     * @param before the notes logged so far (still current); now this tick's notes
     */
    public static Change diff(List<String> before, List<String> now) {
        Map<String, String> was = byKey(before);
        Map<String, String> is = byKey(now);
        List<String> logged = new ArrayList<>();
        List<String> appeared = new ArrayList<>();
        List<String> still = new ArrayList<>();
        is.forEach(
                (key, note) -> {
                    String old = was.get(key);
                    (old == null ? appeared : still).add(note);
                    logged.add(old == null ? note : old);
                });
        List<String> gone = new ArrayList<>();
        was.forEach(
                (key, note) -> {
                    if (!is.containsKey(key)) gone.add(note);
                });
        return new Change(logged, appeared, gone, still);
    }

    static String key(String note) {
        return note.replaceAll("\\d+", "#");
    }

    private static Map<String, String> byKey(List<String> notes) {
        Map<String, String> m = new LinkedHashMap<>();
        notes.forEach(n -> m.putIfAbsent(key(n), n));
        return m;
    }
}
