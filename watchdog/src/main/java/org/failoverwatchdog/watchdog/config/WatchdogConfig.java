package org.failoverwatchdog.watchdog.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.convergence.JournalRotation;
import org.failoverwatchdog.convergence.Step;
import org.failoverwatchdog.probes.Conninfo;

/** The validated configuration of one node's watchdog. Built only by {@link ConfigLoader}. */
public record WatchdogConfig(
        Path file,
        Node node,
        Node peer,
        Optional<Witness> witness,
        Postgres postgres,
        Router router,
        Compose compose,
        String dockerHost,
        Thresholds thresholds,
        Path stateDir,
        Plans plans,
        Fencing fencing,
        Guard guard,
        JournalRotation journalRotation,
        Metrics metrics,
        Hooks hooks,
        Timeouts timeouts,
        Switchover switchover) {

    /** The journal of transitions (journal.jsonl in the state directory), rotated as configured. */
    public Journal journal() {
        return new Journal(stateDir.resolve("journal.jsonl"), journalRotation);
    }

    public record Node(String name, String ip) {}

    /**
     * The third site: the watchdog asks it over SSH (host key verified) to run checkCommand with
     * the peer's IP (exit 0: the witness sees the peer; Rule 3 needs it not to) and peerDbCommand
     * (the peer's role and timeline as the witness reads them: a primary cut off from its peer
     * learns there that repmgr promoted it).
     *
     * @param peerDbCommand empty when turned off (none)
     * @param reachPort the port whose connect tells the witness's host is there (its PostgreSQL:
     *     connects without a word are not logged)
     */
    public record Witness(
            String name,
            String ip,
            int sshPort,
            String sshUser,
            Path sshKey,
            Path knownHosts,
            String checkCommand,
            Optional<String> peerDbCommand,
            int reachPort) {}

    /**
     * @param peer the peer's PostgreSQL, read when the local one alone cannot say whether this node
     *     is primary
     */
    public record Postgres(
            Conninfo local, Conninfo pooler, Optional<Conninfo> peer, Optional<Path> passfile) {}

    /**
     * @param statusUrl template with {ip}, e.g. http://{ip}:9000/router/rest/status
     * @param serviceTypes registry type -> Compose service, the types this node must have
     *     registered
     * @param service the router's Compose service
     */
    public record Router(String statusUrl, Map<String, String> serviceTypes, String service) {
        public String urlFor(String ip) {
            return statusUrl.replace("{ip}", ip);
        }
    }

    /**
     * @param poolerService the pooler's Compose service (pgpool), recreated when Docker reports it
     *     unhealthy and it does not serve
     */
    public record Compose(
            Path projectDir,
            String projectName,
            Path envFile,
            String primaryProfile,
            String secondaryProfile,
            String poolerService) {}

    /**
     * @param repairBackoff the wait before repairing a service again after its last repair failed,
     *     or while it is in a crash loop; a repair that worked is no reason to wait
     * @param crashLoopRepairs repairs of one service within crashLoopWindow that make a crash loop
     */
    public record Thresholds(
            Duration routerAbsent,
            Duration maxObservationGap,
            Duration probeTimeout,
            Duration repairGrace,
            Duration repairBackoff,
            Duration minRoleChangeInterval,
            Duration repairGateDeadline,
            int peerPort,
            int crashLoopRepairs,
            Duration crashLoopWindow) {}

    /**
     * Self-fencing of an isolated primary and the rejoin of a stale one.
     *
     * @param enabled fence a primary that hears neither the peer nor the witness (needs a witness)
     * @param fenceAfter how long both must have been silent before the fence
     * @param services removed by the fence (router, schedulers, the LB's health path), started
     *     again after
     * @param rejoinCommand sh -c command that makes this node's database a standby of {peer}
     *     (pg_rewind); empty: a stale primary is only demoted
     * @param rejoinTimeout deadline of the rejoin command
     * @param repmgrConf repmgr.conf, read by `check` for repmgr's earliest promotion of the peer
     * @param timerUnit the tick's timer unit, read by `check` when the guard is off
     */
    public record Fencing(
            boolean enabled,
            Duration fenceAfter,
            List<String> services,
            Optional<String> rejoinCommand,
            Duration rejoinTimeout,
            Path repmgrConf,
            Path timerUnit) {}

    /**
     * The resident guard (failover-watchdog-guard.service), which runs the ticks in one warm
     * process.
     *
     * @param enabled whether it runs: without it the timer's tick alone decides, and `check` weighs
     *     that
     * @param sampleInterval how often it samples the database's role and (with fencing) the peer
     *     and the witness, also its connect timeout; a change, a cut or a fence ticks at once
     * @param tickInterval the period of its ordinary ticks (the timer's, which stands by while the
     *     guard beats)
     */
    public record Guard(boolean enabled, Duration sampleInterval, Duration tickInterval) {}

    /**
     * Prometheus metrics.
     *
     * @param textfile the .prom file node_exporter's textfile collector reads, rewritten atomically
     *     at the end of every tick; empty: no metrics are written
     */
    public record Metrics(Optional<Path> textfile) {}

    /**
     * @param onTransition sh -c command run after every plan (FW_* environment); empty: none
     * @param timeout the hook is killed after this; it never delays a tick longer
     */
    public record Hooks(Optional<String> onTransition, Duration timeout) {}

    /**
     * How long a plan's actions may take; each bounds one call, so a wedged Compose or Docker fails
     * the step instead of holding the tick (and its lock) forever.
     *
     * @param compose one docker compose command (up, rm): killed after it
     * @param stopGrace Docker's grace between SIGTERM and SIGKILL for a container a plan restarts
     * @param dockerApi one Docker API call (a restart gets stopGrace on top)
     * @param gatePoll how often a gate is checked while it waits
     */
    public record Timeouts(
            Duration compose, Duration stopGrace, Duration dockerApi, Duration gatePoll) {}

    /**
     * The operator's commands, `switchover` and `failover`: when the target standby is close
     * enough, how repmgr is run (as repmgrUser, with fencing.repmgr_conf), and how long each part
     * may take.
     *
     * @param maxLagBytes a switchover's target may replay at most this far behind the primary
     * @param maxLagTime and its replay_lag at most this
     * @param repmgrUser repmgr runs as this user (runuser when the command runs as root)
     * @param repmgrTimeout repmgr standby switchover or promote is killed after this
     * @param settleTimeout after repmgr: the databases settled and both app layers converged within
     *     this
     */
    public record Switchover(
            long maxLagBytes,
            Duration maxLagTime,
            String repmgrUser,
            Duration repmgrTimeout,
            Duration settleTimeout) {}

    /**
     * Ordered steps; gates may name the router and node as {router} and {self}, resolved when a
     * plan is built.
     */
    public record Plans(List<Step> promote, List<Step> demote) {}
}
