package org.failoverwatchdog.refapp.router;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The router's in-memory registry; empty at every start, by design (the amnesia Rule 2 heals). */
public final class Registry {

    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private long nextId = 1;

    /** Records a new STARTING entry; MASTER while no entry of that type is MASTER, else SLAVE. */
    public synchronized Entry register(String type, String instanceId, String nodeIp) {
        boolean masterExists =
                entries.values().stream()
                        .anyMatch(e -> e.type().equals(type) && e.role() == Entry.Role.MASTER);
        Entry e =
                new Entry(
                        nextId++,
                        type,
                        instanceId,
                        nodeIp,
                        masterExists ? Entry.Role.SLAVE : Entry.Role.MASTER,
                        Entry.Status.STARTING,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS));
        entries.put(e.id(), e);
        return e;
    }

    public synchronized Optional<Entry> markActive(long id) {
        Entry e = entries.computeIfPresent(id, (k, old) -> old.active());
        return Optional.ofNullable(e);
    }

    public synchronized Optional<Entry> remove(long id) {
        return Optional.ofNullable(entries.remove(id));
    }

    /** Entries in registration order. */
    public synchronized List<Entry> snapshot() {
        return new ArrayList<>(entries.values());
    }
}
