package org.failoverwatchdog.watchdog.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Prometheus text exposition format (version 0.0.4), just what a textfile needs: HELP and TYPE once
 * per family, then its samples. No client library: a few lines of text a tick.
 */
final class PromText {
    enum Type {
        GAUGE,
        COUNTER
    }

    private final StringBuilder sb = new StringBuilder(4096);

    PromText family(String name, Type type, String help) {
        sb.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        sb.append("# TYPE ")
                .append(name)
                .append(' ')
                .append(type.name().toLowerCase(Locale.ROOT))
                .append('\n');
        return this;
    }

    /**
     * @param labels name, value, name, value, ...
     */
    PromText sample(String name, double value, String... labels) {
        sb.append(name);
        if (labels.length > 0) {
            sb.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) sb.append(',');
                sb.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            sb.append('}');
        }
        sb.append(' ').append(number(value)).append('\n');
        return this;
    }

    static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    static double bool(boolean b) {
        return b ? 1 : 0;
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
