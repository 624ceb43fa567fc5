package org.failoverwatchdog.watchdog.testing;

import java.nio.file.Path;
import org.failoverwatchdog.watchdog.config.ConfigException;
import org.failoverwatchdog.watchdog.config.ConfigLoader;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * The tests' minimal valid watchdog.yml: node, peer, postgres, router and compose, nothing else. By
 * default node1 (10.0.0.11) with its peer node2 (10.0.0.12), PostgreSQL on 5432, the pooler on
 * 9999, the four service types of the reference stack, the project in /opt/stack:
 *
 * <pre>
 * node: {name: node1, ip: 10.0.0.11}
 * peer: {name: node2, ip: 10.0.0.12}
 * postgres:
 *   local: "host=127.0.0.1 port=5432 dbname=postgres user=watchdog"
 *   pooler: "host=127.0.0.1 port=9999 dbname=postgres user=watchdog"
 * router:
 *   service_types: {GATEWAY: gateway, DATASERVICE: dataservice, EDGE: edge, BASTION: bastion}
 * compose:
 *   project_dir: /opt/stack
 * </pre>
 *
 * Nine lines, so what a test appends starts on line 10. A test changes what it needs with the
 * setters (each changes this builder and returns it) and appends its own sections.
 */
public final class WatchdogYml {
    private String self = "node1", selfIp = "10.0.0.11", peer = "node2", peerIp = "10.0.0.12";
    private int localPort = 5432, poolerPort = 9999;
    private String conninfoOptions = "";
    private boolean peerConninfo;
    private String statusUrl;
    private String serviceTypes =
            "{GATEWAY: gateway, DATASERVICE: dataservice, EDGE: edge, BASTION: bastion}";
    private String projectDir = "/opt/stack";
    private String projectName;

    private WatchdogYml() {}

    /** node1 (10.0.0.11) is this node, node2 (10.0.0.12) its peer. */
    public static WatchdogYml node1() {
        return new WatchdogYml();
    }

    /** node2 (10.0.0.12) is this node, node1 (10.0.0.11) its peer. */
    public static WatchdogYml node2() {
        return node1().nodes("node2", "10.0.0.12", "node1", "10.0.0.11");
    }

    /**
     * node1 on 127.0.0.11, node2 on 127.0.0.12; PostgreSQL, the pooler and the routers' status
     * (router.status_url) all on one port of 127.0.0.1, as a test where nothing answers has them.
     */
    public static WatchdogYml loopback(int port) {
        return node1().nodes("node1", "127.0.0.11", "node2", "127.0.0.12")
                .ports(port, port)
                .statusUrl("http://{ip}:" + port + "/router/rest/status");
    }

    public WatchdogYml nodes(String self, String selfIp, String peer, String peerIp) {
        this.self = self;
        this.selfIp = selfIp;
        this.peer = peer;
        this.peerIp = peerIp;
        return this;
    }

    /** postgres.local's and postgres.pooler's ports. */
    public WatchdogYml ports(int local, int pooler) {
        this.localPort = local;
        this.poolerPort = pooler;
        return this;
    }

    /** More libpq keywords for postgres.local and postgres.pooler, e.g. "connect_timeout=1". */
    public WatchdogYml conninfoOptions(String options) {
        this.conninfoOptions = " " + options;
        return this;
    }

    /** postgres.peer: the peer's PostgreSQL on the peer's address, port 5432. */
    public WatchdogYml withPeerConninfo() {
        this.peerConninfo = true;
        return this;
    }

    public WatchdogYml statusUrl(String url) {
        this.statusUrl = url;
        return this;
    }

    /** router.service_types as a YAML flow mapping, e.g. "{GATEWAY: gateway}". */
    public WatchdogYml serviceTypes(String flowMapping) {
        this.serviceTypes = flowMapping;
        return this;
    }

    public WatchdogYml projectDir(Path dir) {
        this.projectDir = dir.toString();
        return this;
    }

    public WatchdogYml projectName(String name) {
        this.projectName = name;
        return this;
    }

    /** The YAML text, each line ending in a newline. */
    public String text() {
        StringBuilder y = new StringBuilder();
        y.append("node: {name: ").append(self).append(", ip: ").append(selfIp).append("}\n");
        y.append("peer: {name: ").append(peer).append(", ip: ").append(peerIp).append("}\n");
        y.append("postgres:\n");
        y.append("  local: \"host=127.0.0.1 port=")
                .append(localPort)
                .append(" dbname=postgres user=watchdog")
                .append(conninfoOptions)
                .append("\"\n");
        y.append("  pooler: \"host=127.0.0.1 port=")
                .append(poolerPort)
                .append(" dbname=postgres user=watchdog")
                .append(conninfoOptions)
                .append("\"\n");
        if (peerConninfo)
            y.append("  peer: \"host=")
                    .append(peerIp)
                    .append(" port=5432 dbname=postgres user=watchdog\"\n");
        y.append("router:\n");
        if (statusUrl != null) y.append("  status_url: \"").append(statusUrl).append("\"\n");
        y.append("  service_types: ").append(serviceTypes).append("\n");
        y.append("compose:\n");
        y.append("  project_dir: ").append(projectDir).append("\n");
        if (projectName != null) y.append("  project_name: ").append(projectName).append("\n");
        return y.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    /**
     * The config read from this text and then extra (whole lines: more sections), as if from file.
     */
    public WatchdogConfig parse(Path file, String extra) throws ConfigException {
        return ConfigLoader.parse(file, text() + extra);
    }

    /**
     * As {@link #parse} from test.yml, for a test whose text is valid: a refusal fails the test.
     */
    public WatchdogConfig config(String extra) {
        try {
            return parse(Path.of("test.yml"), extra);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }
}
