package org.failoverwatchdog.drills.run;

/** One invariant of one iteration: passed or not, and why. */
public record Check(String name, boolean passed, String detail) {
    public static Check pass(String name, String detail) {
        return new Check(name, true, detail);
    }

    public static Check fail(String name, String detail) {
        return new Check(name, false, detail);
    }
}
