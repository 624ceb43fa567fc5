package org.failoverwatchdog.drills.drill;

import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.drills.run.Drill;

/**
 * Every drill, in the order `drill all` runs them (the reference deployment's failure rows first).
 */
public final class Drills {
    private Drills() {}

    public static List<Drill> all() {
        return List.of(
                new ContainerCrash(),
                new RouterCrash(),
                new PostgresCrash(),
                new PrimaryReturns(),
                new PowerOffDrill(),
                new Partition(),
                new IsolatedPrimary(),
                new StaleWitness(),
                new BriefIsolation(),
                new WitnessDown(),
                new Switchover(),
                new WatchdogKilled(),
                new RollingUpgrade());
    }

    public static Optional<Drill> byName(String name) {
        return all().stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
