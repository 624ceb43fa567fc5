package org.failoverwatchdog.watchdog.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One value of a monitoring plugin's performance data: {@code label=value[unit];warn;crit;min;max},
 * the thresholds in the plugin range syntax ("0": alert above 0; "1:": alert below 1), trailing
 * empty fields left out, and U for a value that could not be observed.
 *
 * @param value empty: not observed (U)
 * @param decimals digits after the point (0 for counts and whole seconds)
 */
record Perfdata(
        String label,
        Optional<Double> value,
        int decimals,
        Unit unit,
        String warn,
        String crit,
        Optional<Long> min,
        Optional<Long> max) {
    enum Unit {
        NONE(""),
        SECONDS("s");

        final String suffix;

        Unit(String suffix) {
            this.suffix = suffix;
        }
    }

    Perfdata {
        if (!label.matches("[a-z][a-z0-9_]*"))
            throw new IllegalArgumentException("not a perfdata label: " + label);
    }

    /** A count or a 0/1 flag. */
    static Perfdata count(
            String label,
            Optional<? extends Number> value,
            String warn,
            String crit,
            long min,
            Optional<Long> max) {
        return new Perfdata(
                label,
                value.map(Number::doubleValue),
                0,
                Unit.NONE,
                warn,
                crit,
                Optional.of(min),
                max);
    }

    static Perfdata flag(String label, Optional<Boolean> value, String warn, String crit) {
        return count(label, value.map(b -> b ? 1 : 0), warn, crit, 0, Optional.of(1L));
    }

    static Perfdata seconds(
            String label, Optional<Double> value, int decimals, String warn, String crit) {
        return new Perfdata(
                label,
                value,
                decimals,
                Unit.SECONDS,
                warn,
                crit,
                Optional.of(0L),
                Optional.empty());
    }

    /** The JSON form: the number, or null when not observed. */
    Number json() {
        return value.map(v -> decimals == 0 ? (Number) Math.round(v) : (Number) v).orElse(null);
    }

    String render() {
        String v =
                value.map(x -> String.format(Locale.ROOT, "%." + decimals + "f", x) + unit.suffix)
                        .orElse("U");
        String s =
                label
                        + "="
                        + v
                        + ";"
                        + warn
                        + ";"
                        + crit
                        + ";"
                        + min.map(String::valueOf).orElse("")
                        + ";"
                        + max.map(String::valueOf).orElse("");
        return s.replaceAll(";+$", "");
    }

    static String render(List<Perfdata> all) {
        return all.stream().map(Perfdata::render).collect(Collectors.joining(" "));
    }
}
