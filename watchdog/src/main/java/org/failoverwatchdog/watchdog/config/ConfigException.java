package org.failoverwatchdog.watchdog.config;

/** A configuration problem, worded as file, line, field, what is wrong and how to fix it. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
