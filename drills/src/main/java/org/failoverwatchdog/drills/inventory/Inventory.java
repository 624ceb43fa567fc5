package org.failoverwatchdog.drills.inventory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a drill needs to know about a deployment: where the nodes are, how to reach them as an
 * operator would (SSH, host keys verified), the public health URL, the database through pgpool and
 * how to "power off" a node. The lab's own inventory is the resource lab-inventory.yml.
 */
public record Inventory(
        String source,
        List<Node> dataNodes,
        Optional<Node> witness,
        Ssh ssh,
        Lb lb,
        Database database,
        Stack stack,
        Repmgr repmgr,
        WatchdogUnit watchdog,
        PowerOff powerOff,
        Optional<Upgrade> upgrade) {

    public Inventory {
        dataNodes = List.copyOf(dataNodes);
    }

    /** A machine: its name (for reports), address and, in the lab, container. */
    public record Node(String name, String address, Optional<String> container) {
        @Override
        public String toString() {
            return name + " (" + address + ")";
        }
    }

    public record Ssh(
            String user, int port, Path privateKey, Path knownHosts, Duration connectTimeout) {}

    /**
     * The load balancer's public health URL. connectTo works like curl --resolve: connect there,
     * but send the URL's host as Host header and TLS SNI. insecureTls skips certificate checks for
     * this poll only (a lab LB with a self-signed certificate).
     */
    public record Lb(
            URI healthUrl,
            Optional<String> connectTo,
            Optional<String> hostHeader,
            boolean insecureTls,
            Optional<URI> statsCsvUrl,
            Optional<String> statsBackend,
            Duration timeout) {}

    /**
     * The application database: reached through pgpool, or directly on the node for role checks.
     */
    public record Database(
            String name, String user, int pgpoolPort, int postgresPort, Secret password) {}

    /** Where the password comes from: never inline in the inventory, never on a command line. */
    public sealed interface Secret permits Secret.PassFile, Secret.PasswordFile {
        /** A libpq passfile (host:port:db:user:password lines), mode 0600 like libpq requires. */
        record PassFile(Path path) implements Secret {}

        /** A file that holds only the password (the lab's .lab/secrets/app.pw). */
        record PasswordFile(Path path) implements Secret {}
    }

    /** The Compose project on each data node. */
    public record Stack(
            String dir, String project, String compose, List<String> serviceTypes, int routerPort) {
        public Stack {
            serviceTypes = List.copyOf(serviceTypes);
        }

        /** The compose command line prefix, run in the project directory. */
        public String composeCmd() {
            return "cd " + dir + " && " + compose + " -p " + project;
        }
    }

    /**
     * repmgr on the data nodes; rejoin is run as root on a node whose database must follow
     * {primary}.
     */
    public record Repmgr(String config, String rejoinCommand) {}

    public record WatchdogUnit(String journal, String service, String timer, String command) {}

    /**
     * The rolling upgrade of the deployment (the drill rolling-upgrade): command, run on the drill
     * host in workdir, upgrades both nodes (the deployment's playbook, e.g. ansible-playbook
     * upgrade.yml); afterwards each node's installedJar must be the controller's jar.
     */
    public record Upgrade(
            String command, Path workdir, Duration deadline, Path jar, String installedJar) {}

    public Node node(String name) {
        return dataNodes.stream()
                .filter(n -> n.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no data node named " + name));
    }

    public Node peerOf(Node n) {
        return dataNodes.stream().filter(x -> !x.name().equals(n.name())).findFirst().orElseThrow();
    }

    public Optional<Node> byAddress(String address) {
        return dataNodes.stream().filter(n -> n.address().equals(address)).findFirst();
    }
}
