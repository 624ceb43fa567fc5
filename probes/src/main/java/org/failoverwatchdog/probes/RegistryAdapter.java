package org.failoverwatchdog.probes;

import java.util.List;

/**
 * Reads one registry's status answer. The router's JSON shape lives behind this, so another
 * registry can be plugged in.
 */
public interface RegistryAdapter {

    List<RegistryEntry> parse(String body) throws MalformedAnswer;

    final class MalformedAnswer extends Exception {
        public MalformedAnswer(String message) {
            super(message);
        }
    }
}
