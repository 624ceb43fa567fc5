package org.failoverwatchdog.watchdog.tick;

import java.io.IOException;
import org.failoverwatchdog.convergence.Plan;
import org.failoverwatchdog.convergence.PlanResult;

/**
 * Runs the plan a tick decided, to its end or its first failure: on this node ({@link
 * NodePlanRunner}), or a test's fake.
 */
@FunctionalInterface
public interface PlanRunner {
    PlanResult run(Plan plan) throws IOException;
}
