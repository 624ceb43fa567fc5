package org.failoverwatchdog.watchdog.rules;

import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/** What the app layer says this node is, from COMPOSE_PROFILES. */
public enum AppRole {
    PRIMARY,
    SECONDARY;

    /**
     * Empty when COMPOSE_PROFILES names neither HA profile, or both (ambiguous); also read by the
     * metrics.
     */
    public static Optional<AppRole> of(WatchdogConfig c, String profiles) {
        List<String> list = List.of(profiles.split(",")).stream().map(String::strip).toList();
        boolean p = list.contains(c.compose().primaryProfile());
        boolean sec = list.contains(c.compose().secondaryProfile());
        if (p == sec) return Optional.empty(); // neither, or both: ambiguous
        return Optional.of(p ? PRIMARY : SECONDARY);
    }

    /** Why {@link #of} is empty for these profiles, with the fix. */
    public static String unnamed(WatchdogConfig c, String profiles) {
        return "COMPOSE_PROFILES='"
                + profiles
                + "' names neither "
                + c.compose().primaryProfile()
                + " nor "
                + c.compose().secondaryProfile()
                + " (fix: set one of them in "
                + c.compose().envFile()
                + ")";
    }
}
