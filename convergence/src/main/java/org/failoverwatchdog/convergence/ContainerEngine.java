package org.failoverwatchdog.convergence;

import java.time.Duration;

/** Direct container operations (no Compose): what Compose cannot do without recreating. */
public interface ContainerEngine {

    /**
     * Restarts every container of the Compose service (selected by the com.docker.compose.project
     * and com.docker.compose.service labels, so v1 and v2 names both work).
     *
     * @param stopTimeout how long Docker waits after SIGTERM before it kills
     */
    void restart(String project, String service, Duration stopTimeout) throws ActionException;

    /**
     * A DockerJavaEngine built on first use. docker-java costs about a second of JVM time, so a
     * quiet tick must never load it: nothing of docker-java is touched until get() is called.
     */
    static Lazy<ContainerEngine> dockerJava(String dockerHost, Duration apiTimeout) {
        return Lazy.of(() -> new DockerJavaEngine(dockerHost, apiTimeout));
    }
}
