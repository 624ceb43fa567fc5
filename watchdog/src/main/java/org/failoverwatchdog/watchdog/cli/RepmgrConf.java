package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What `check` needs of repmgr.conf: whether repmgrd fails over by itself, and how soon. Its
 * defaults apply to what the file leaves out (repmgr 5: manual failover, 2 s, 6 x 10 s).
 *
 * @param automatic failover='automatic'
 * @param monitorIntervalSecs monitor_interval_secs
 * @param reconnectAttempts reconnect_attempts
 * @param reconnectInterval reconnect_interval, seconds
 */
record RepmgrConf(
        boolean automatic,
        long monitorIntervalSecs,
        long reconnectAttempts,
        long reconnectInterval) {
    private static final Pattern LINE =
            Pattern.compile("^\\s*([a-z_]+)\\s*=\\s*'?([^'#]*?)'?\\s*(#.*)?$");

    static RepmgrConf parse(String text) {
        Map<String, String> m = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher x = LINE.matcher(line);
            if (x.matches()) m.put(x.group(1), x.group(2).strip());
        }
        return new RepmgrConf(
                "automatic".equals(m.getOrDefault("failover", "manual")),
                num(m, "monitor_interval_secs", 2),
                num(m, "reconnect_attempts", 6),
                num(m, "reconnect_interval", 10));
    }

    /**
     * The earliest repmgrd on a standby can promote it after its primary is cut off: its first
     * failed check, then every reconnect attempt, each at least reconnect_interval apart (a connect
     * timeout only makes it later). Empty when it never promotes by itself.
     */
    Optional<Duration> earliestPromotion() {
        return automatic
                ? Optional.of(
                        Duration.ofSeconds(
                                monitorIntervalSecs + reconnectAttempts * reconnectInterval))
                : Optional.empty();
    }

    /** The sum, setting by setting, for the operator. */
    String why() {
        return "monitor_interval_secs "
                + monitorIntervalSecs
                + " + reconnect_attempts "
                + reconnectAttempts
                + " x reconnect_interval "
                + reconnectInterval
                + " s";
    }

    private static long num(Map<String, String> conf, String key, long def) {
        try {
            return conf.containsKey(key) ? Long.parseLong(conf.get(key)) : def;
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
