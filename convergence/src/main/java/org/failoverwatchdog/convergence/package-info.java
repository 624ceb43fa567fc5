/**
 * Convergence: acts, never decides. The watchdog's rules hand a {@link
 * org.failoverwatchdog.convergence.Plan} to a {@link
 * org.failoverwatchdog.convergence.PlanExecutor}, which runs its steps in order against the .env
 * ({@link org.failoverwatchdog.convergence.EnvFileWriter}), the Compose CLI ({@link
 * org.failoverwatchdog.convergence.ComposeCli}) and Docker ({@link
 * org.failoverwatchdog.convergence.ContainerEngine}, loaded only when a Restart runs), with gates
 * observed through the probes ({@link org.failoverwatchdog.convergence.ProbeGates}); the caller
 * writes the result to the {@link org.failoverwatchdog.convergence.Journal}.
 */
package org.failoverwatchdog.convergence;
