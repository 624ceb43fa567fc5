package org.failoverwatchdog.watchdog.cli;

/**
 * The first line of `status`, as monitoring plugins print it (Nagios, Icinga, Checkmk, Zabbix):
 * {@code FAILOVER-WATCHDOG <VERDICT> - <summary> | <perfdata>}. The exit code carries the verdict.
 */
final class PluginLine {
    static final String SERVICE = "FAILOVER-WATCHDOG";

    /**
     * Long enough for a reason with a file name in it; a plugin's first line is meant to fit one
     * screen line or an SMS.
     */
    private static final int MAX_SUMMARY = 300;

    private PluginLine() {}

    static String of(StatusReport r) {
        return SERVICE
                + " "
                + r.verdict()
                + " - "
                + clean(r.summary())
                + " | "
                + Perfdata.render(r.perfdata);
    }

    /** The line of a status that could not be taken (bad config, state file, usage). */
    static String unknown(String why) {
        return SERVICE + " " + Verdict.UNKNOWN + " - " + clean(why);
    }

    /**
     * One line, and no '|': the monitoring system would read what follows it as performance data.
     */
    private static String clean(String s) {
        String one = s.replace('|', '/').replaceAll("\\s*\\R\\s*", " ").strip();
        return one.length() <= MAX_SUMMARY ? one : one.substring(0, MAX_SUMMARY - 3) + "...";
    }
}
