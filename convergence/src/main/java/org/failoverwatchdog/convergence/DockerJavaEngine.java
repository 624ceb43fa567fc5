package org.failoverwatchdog.convergence;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.failoverwatchdog.probes.DaemonThreads;

/**
 * ContainerEngine through docker-java (core + httpclient5 over the unix socket). The API version is
 * left unset, so the client speaks the daemon's own (20.10 refuses anything newer than 1.41).
 * Building this loads docker-java: get it through {@link ContainerEngine#dockerJava} so only a tick
 * that restarts something pays for it.
 */
public final class DockerJavaEngine implements ContainerEngine, Closeable {
    private final DockerClient client;
    private final String dockerHost;
    private final Duration apiTimeout;
    private final ExecutorService calls =
            Executors.newCachedThreadPool(DaemonThreads.named("docker-java-call"));

    /**
     * @param dockerHost unix:///var/run/docker.sock or tcp://host:port
     * @param apiTimeout bound on each API call (a restart gets its stop timeout on top)
     */
    public DockerJavaEngine(String dockerHost, Duration apiTimeout) {
        this.dockerHost = dockerHost;
        this.apiTimeout = apiTimeout;
        DefaultDockerClientConfig config =
                DefaultDockerClientConfig.createDefaultConfigBuilder()
                        .withDockerHost(dockerHost)
                        .build();
        ApacheDockerHttpClient http =
                new ApacheDockerHttpClient.Builder()
                        .dockerHost(config.getDockerHost())
                        .sslConfig(config.getSSLConfig())
                        .maxConnections(8)
                        .connectionTimeout(apiTimeout)
                        .build();
        this.client = DockerClientImpl.getInstance(config, http);
    }

    @Override
    public void restart(String project, String service, Duration stopTimeout)
            throws ActionException {
        List<Container> found =
                call(
                        "list containers of " + project + "/" + service,
                        apiTimeout,
                        () ->
                                client.listContainersCmd()
                                        .withShowAll(true)
                                        .withLabelFilter(
                                                Map.of(
                                                        "com.docker.compose.project",
                                                        project,
                                                        "com.docker.compose.service",
                                                        service))
                                        .exec());
        if (found.isEmpty()) {
            throw new ActionException(
                    "no container of service "
                            + service
                            + " in Compose project "
                            + project
                            + " to restart (fix: start it first; a restart cannot create it)");
        }
        int seconds = (int) Math.max(0, (stopTimeout.toMillis() + 999) / 1000);
        for (Container c : found) {
            String name =
                    c.getNames() != null && c.getNames().length > 0
                            ? c.getNames()[0].replaceFirst("^/", "")
                            : c.getId();
            call(
                    "restart " + name,
                    stopTimeout.plus(apiTimeout),
                    () -> {
                        client.restartContainerCmd(c.getId()).withTimeout(seconds).exec();
                        return null;
                    });
        }
    }

    /** Runs one API call with a deadline; docker-java itself has no per-call timeout. */
    private <T> T call(String what, Duration deadline, Callable<T> body) throws ActionException {
        Future<T> f = calls.submit(body);
        try {
            return f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ActionException(
                    "Docker at "
                            + dockerHost
                            + ": "
                            + what
                            + " did not finish within "
                            + deadline.toMillis()
                            + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ActionException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new ActionException(
                    "Docker at "
                            + dockerHost
                            + ": "
                            + what
                            + " failed: "
                            + c.getClass().getSimpleName()
                            + ": "
                            + String.valueOf(c.getMessage()).strip(),
                    c);
        }
    }

    @Override
    public void close() throws IOException {
        calls.shutdownNow();
        client.close();
    }
}
