package org.failoverwatchdog.probes;

/** A .env line Compose would misread: names the file, the line and the fix. */
public final class EnvFileException extends Exception {
    public EnvFileException(String file, int line, String problem, String fix) {
        super(file + ":" + line + ": " + problem + " (fix: " + fix + ")");
    }
}
