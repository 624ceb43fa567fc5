package org.failoverwatchdog.watchdog.rules;

import java.util.Optional;

/**
 * One rule of the chain {@link Rules} runs once the fence rule has let the tick through: it decides
 * from the tick's {@link Situation} alone. Empty lets the next rule decide (a rule that only waits
 * says why in the notes); a decision ends the chain, with a plan or a deliberate hold.
 */
sealed interface Rule
        permits ResumeInterrupted, RoleFollowsDb, DatacenterFailover, PoolerRepair, RegistryRepair {
    Optional<Decision> decide(Situation s);
}
