package org.failoverwatchdog.watchdog.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What repmgr (5.x) printed, read line by line: {@code LEVEL: text}, where DETAIL and HINT belong
 * to the message before them, and anything else (pg_ctl's own lines, an indented command) is plain
 * text. The exit code says whether it worked; this says why not, and when the promotion came.
 */
record RepmgrOutput(List<Message> messages) {
    private static final Pattern LEVELLED =
            Pattern.compile("^(DEBUG|INFO|NOTICE|WARNING|ERROR|DETAIL|HINT):\\s*(.*)$");

    enum Level {
        DEBUG,
        INFO,
        NOTICE,
        WARNING,
        ERROR,
        DETAIL,
        HINT,
        TEXT
    }

    record Message(Level level, String text, Instant at) {}

    RepmgrOutput {
        messages = List.copyOf(messages);
    }

    static RepmgrOutput parse(List<Repmgr.Line> lines) {
        List<Message> out = new ArrayList<>();
        for (Repmgr.Line l : lines) {
            String text = l.text().strip();
            if (text.isEmpty()) continue;
            Matcher m = LEVELLED.matcher(text);
            out.add(
                    m.matches()
                            ? new Message(Level.valueOf(m.group(1)), m.group(2).strip(), l.at())
                            : new Message(Level.TEXT, text, l.at()));
        }
        return new RepmgrOutput(out);
    }

    /** Each ERROR with the DETAIL and HINT lines that follow it. */
    List<String> errors() {
        return withDetails(Level.ERROR);
    }

    List<String> warnings() {
        return withDetails(Level.WARNING);
    }

    private List<String> withDetails(Level level) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).level() != level) continue;
            StringBuilder b = new StringBuilder(messages.get(i).text());
            for (int j = i + 1; j < messages.size(); j++) {
                Message d = messages.get(j);
                if (d.level() != Level.DETAIL && d.level() != Level.HINT) break;
                b.append(" (").append(d.level()).append(": ").append(d.text()).append(')');
            }
            out.add(b.toString());
        }
        return out;
    }

    /** When repmgr said the local standby was promoted (switchover or promote). */
    Optional<Instant> promotedAt() {
        return first("STANDBY PROMOTE successful");
    }

    /**
     * When repmgr said the old primary had shut down (switchover): the databases' outage begins.
     */
    Optional<Instant> oldPrimaryStoppedAt() {
        return first("current primary has been cleanly shut down");
    }

    /** The dry run's verdict: repmgr's own prerequisites hold. */
    boolean dryRunPassed() {
        return first("prerequisites for executing STANDBY SWITCHOVER are met").isPresent();
    }

    /** repmgr switched over, but something after the promotion did not work (its exit 22). */
    boolean completedWithIssues() {
        return first("has completed with issues").isPresent();
    }

    /** The last NOTICE, WARNING or ERROR: what repmgr had to say in the end. */
    Optional<String> last() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if (m.level() == Level.NOTICE
                    || m.level() == Level.WARNING
                    || m.level() == Level.ERROR
                    || m.level() == Level.INFO) return Optional.of(m.level() + ": " + m.text());
        }
        return Optional.empty();
    }

    private Optional<Instant> first(String phrase) {
        return messages.stream()
                .filter(m -> m.text().contains(phrase))
                .map(Message::at)
                .findFirst();
    }
}
