package org.failoverwatchdog.watchdog.env;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.probes.EnvFile;

/**
 * What `failover-watchdog env apply` makes of the .env, as a pure function: the deployment's keys
 * (the desired file's entries, written as there) over the current file, the watchdog's own HA keys
 * untouched. Those are set only where the .env has none yet (a first install), from the initial
 * values the deployment derived from the database roles.
 */
public final class EnvMerge {
    /**
     * The .env keys that are the watchdog's HA state: a deployment that rewrote them would undo a
     * promote that happened since it read them.
     */
    public enum HaKey {
        COMPOSE_PROFILES,
        HA_ROUTER_IP;

        public static Optional<HaKey> of(String key) {
            return Arrays.stream(values()).filter(k -> k.name().equals(key)).findFirst();
        }
    }

    /**
     * @param next the .env to write (the current one when nothing changed)
     * @param changedKeys keys whose value changed or that are new, in file order; never values
     *     (they may be secrets)
     * @param created there was no .env
     */
    public record Result(EnvFile next, List<String> changedKeys, boolean created) {
        public Result {
            changedKeys = List.copyOf(changedKeys);
        }

        public boolean changed() {
            return !changedKeys.isEmpty();
        }
    }

    /** Input the merge refuses; the message names the file, the line or key, and the fix. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    private EnvMerge() {}

    /**
     * @param envFile the .env's path, for messages
     * @param current the .env as it is, empty when there is none
     * @param desiredName the desired file's name, for messages
     * @param desired the deployment's keys; the watchdog's are refused
     * @param initial values of the watchdog's keys for a .env that lacks them
     */
    public static Result merge(
            String envFile,
            Optional<EnvFile> current,
            String desiredName,
            EnvFile desired,
            Map<HaKey, String> initial)
            throws RefusedException {
        List<EnvFile.Line> lines = desired.lines();
        for (int i = 0; i < lines.size(); i++) {
            Optional<HaKey> ha =
                    lines.get(i).isEntry() ? HaKey.of(lines.get(i).key()) : Optional.empty();
            if (ha.isPresent()) {
                throw new RefusedException(
                        desiredName
                                + ":"
                                + (i + 1)
                                + ": "
                                + ha.get()
                                + " is the watchdog's HA state, which env apply never changes (fix: remove the line; a new .env gets it"
                                + " from --initial "
                                + ha.get()
                                + "=...)");
            }
        }
        // A new .env starts as the desired file, comments and all; an existing one keeps its own.
        EnvFile next = current.orElse(desired);
        List<String> changed = new ArrayList<>();
        for (EnvFile.Line l : lines) {
            if (!l.isEntry()) continue;
            if (current.isEmpty() || !current.get().get(l.key()).equals(Optional.of(l.value()))) {
                next = next.with(l);
                changed.add(l.key());
            }
        }
        Map<HaKey, String> missing = new EnumMap<>(HaKey.class);
        for (HaKey k : HaKey.values()) {
            if (next.get(k.name()).isPresent()) continue;
            String v = initial.get(k);
            if (v == null) {
                throw new RefusedException(
                        envFile
                                + ": "
                                + (current.isEmpty() ? "is new and " : "")
                                + "has no "
                                + k
                                + ", and no --initial "
                                + k
                                + " was given; nothing written (fix: give --initial "
                                + k
                                + "="
                                + (k == HaKey.COMPOSE_PROFILES
                                        ? "<the profile of this node's database role>"
                                        : "<the primary's address>")
                                + "; the Ansible role derives it from the databases, or from failover_watchdog_initial_primary)");
            }
            missing.put(k, v);
        }
        for (Map.Entry<HaKey, String> e : missing.entrySet()) {
            try {
                next = next.with(e.getKey().name(), e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new RefusedException(
                        "--initial "
                                + e.getKey()
                                + ": the value has characters that would need quoting (fix: give a profile name or an address)");
            }
            changed.add(e.getKey().name());
        }
        return new Result(next, changed, current.isEmpty());
    }
}
