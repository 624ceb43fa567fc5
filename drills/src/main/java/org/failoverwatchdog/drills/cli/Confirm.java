package org.failoverwatchdog.drills.cli;

import java.io.Console;

/**
 * Drills break things on purpose: without --yes an operator at a terminal must type "yes"; without
 * a terminal (a script, CI) the run is refused rather than assumed.
 */
final class Confirm {
    private Confirm() {}

    static boolean ask(String what, boolean yes) {
        if (yes) return true;
        Console c = System.console();
        if (c == null) {
            System.err.println(
                    "drill: refusing to run destructive drills without a terminal to confirm on (fix: pass --yes)");
            return false;
        }
        c.printf("%s%nType yes to go ahead: ", what);
        String a = c.readLine();
        return a != null && a.strip().equals("yes");
    }
}
