package org.failoverwatchdog.drills.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.inventory.PowerOff;
import org.failoverwatchdog.drills.remote.CommandResult;
import org.failoverwatchdog.drills.remote.LocalShell;
import org.failoverwatchdog.drills.remote.Shell;
import org.failoverwatchdog.drills.remote.ShellScript;

/**
 * Everything a drill does to the deployment, as the commands an operator would type: over SSH on a
 * node, or on the drill host for power. Each fault is done the way it happens in production (kill
 * the process inside the container so the restart policy applies; docker kill would disable it).
 */
public final class Operations {
    /** iptables rules carry this comment, so healing removes exactly what the drill added. */
    static final String RULE_TAG = "failover-drill";

    /** The scripts in drill-scripts/ (see {@link ShellScript}). */
    static final String CRASH_SERVICE = "crash-service",
            CRASH_POSTGRES = "crash-postgres",
            TICK_SNAPSHOT = "tick-snapshot",
            EVIDENCE = "evidence",
            RUN_UPGRADE = "run-upgrade",
            STALE_WITNESS_RECORD = "stale-witness-record";

    private final Inventory inv;
    private final Map<String, Shell> shells;
    private final Shell host = new LocalShell();

    public Operations(Inventory inv, Map<String, Shell> shells) {
        this.inv = inv;
        this.shells = shells;
    }

    public Shell shell(Inventory.Node n) {
        return shells.get(n.name());
    }

    private CommandResult must(Shell where, String what, String script, Duration timeout)
            throws DrillAbort {
        CommandResult r = where.run(script, timeout);
        if (!r.ok()) throw new DrillAbort(what + " on " + where.where() + " failed: " + r.brief());
        return r;
    }

    /**
     * kill -9 of the container's main process: Docker sees a crash and its restart policy applies.
     */
    public void crashService(Inventory.Node n, String service) throws DrillAbort {
        must(
                shell(n),
                "kill -9 of " + service,
                ShellScript.with(
                        CRASH_SERVICE, "STACK_PROJECT", inv.stack().project(), "SERVICE", service),
                Duration.ofSeconds(15));
    }

    /**
     * kill -9 of the postmaster: PostgreSQL is gone without a shutdown checkpoint, as in a crash.
     */
    public void crashPostgres(Inventory.Node n) throws DrillAbort {
        must(
                shell(n),
                "kill -9 of the postmaster",
                ShellScript.with(CRASH_POSTGRES),
                Duration.ofSeconds(15));
    }

    public void powerOff(Inventory.Node n) throws DrillAbort {
        PowerOff p = inv.powerOff();
        if (p instanceof PowerOff.Container) {
            must(
                    host,
                    "docker kill",
                    "docker kill " + n.container().orElseThrow(),
                    Duration.ofSeconds(30));
        } else if (p instanceof PowerOff.Clean) {
            // The reference deployment's simulation: no watchdog on the victim, its whole app layer
            // gone.
            must(
                    shell(n),
                    "clean power-off",
                    "set -e\nsystemctl stop "
                            + inv.watchdog().timer()
                            + " "
                            + inv.watchdog().service()
                            + "\n"
                            + inv.stack().composeCmd()
                            + " down\n",
                    Duration.ofSeconds(120));
        } else if (p instanceof PowerOff.Command c) {
            must(host, "power-off command", fill(c.off(), n), Duration.ofSeconds(120));
        }
    }

    public void powerOn(Inventory.Node n) throws DrillAbort {
        PowerOff p = inv.powerOff();
        if (p instanceof PowerOff.Container) {
            must(
                    host,
                    "docker start",
                    "docker start " + n.container().orElseThrow(),
                    Duration.ofSeconds(60));
        } else if (p instanceof PowerOff.Clean) {
            must(
                    shell(n),
                    "clean power-on",
                    "set -e\n"
                            + inv.stack().composeCmd()
                            + " up -d\nsystemctl start "
                            + inv.watchdog().timer()
                            + "\n",
                    Duration.ofSeconds(180));
        } else if (p instanceof PowerOff.Command c) {
            must(host, "power-on command", fill(c.on(), n), Duration.ofSeconds(180));
        }
    }

    private static String fill(String cmd, Inventory.Node n) {
        return cmd.replace("{node}", n.name())
                .replace("{address}", n.address())
                .replace("{container}", n.container().orElse(""));
    }

    /** Where a cut's DROP rules go. */
    enum Cut {
        /**
         * INPUT/OUTPUT of the filter table: the host's own sockets (what the partition drill has
         * always cut).
         */
        FILTER("filter", "INPUT", "OUTPUT"),
        /**
         * PREROUTING/OUTPUT of the raw table: every packet from the address, before connection
         * tracking and Docker's NAT, so a published port or a bridged container is cut off too
         * (filter INPUT never sees a packet DNATed to a container).
         */
        RAW("raw", "PREROUTING", "OUTPUT");
        final String table, in, out;

        Cut(String table, String in, String out) {
            this.table = table;
            this.in = in;
            this.out = out;
        }
    }

    /**
     * DROP between the two data nodes only, in both directions, on both; the witness still sees
     * both.
     */
    public void partition(Inventory.Node a, Inventory.Node b) throws DrillAbort {
        must(
                shell(a),
                "iptables DROP",
                dropRules(Cut.FILTER, List.of(b.address())),
                Duration.ofSeconds(15));
        must(
                shell(b),
                "iptables DROP",
                dropRules(Cut.FILTER, List.of(a.address())),
                Duration.ofSeconds(15));
    }

    /** Removes every rule this drill added (repeated until none is left; safe to run twice). */
    public void heal(Inventory.Node a, Inventory.Node b) throws DrillAbort {
        must(
                shell(a),
                "iptables heal",
                healRules(Cut.FILTER, List.of(b.address())),
                Duration.ofSeconds(15));
        must(
                shell(b),
                "iptables heal",
                healRules(Cut.FILTER, List.of(a.address())),
                Duration.ofSeconds(15));
    }

    /**
     * Cuts one node off from the given machines (its peer and the witness), inside that node only:
     * the drill host and the LB still reach it. Returns the node's drill rules as iptables lists
     * them.
     */
    public String isolate(Inventory.Node n, List<Inventory.Node> from) throws DrillAbort {
        return must(
                        shell(n),
                        "iptables raw DROP",
                        dropRules(Cut.RAW, addresses(from)),
                        Duration.ofSeconds(15))
                .stdout()
                .strip();
    }

    /**
     * Removes exactly the rules isolate added (safe to run twice); fails if a drill rule is left in
     * the raw table.
     */
    public void unisolate(Inventory.Node n, List<Inventory.Node> from) throws DrillAbort {
        must(
                shell(n),
                "iptables raw heal",
                healRules(Cut.RAW, addresses(from)),
                Duration.ofSeconds(15));
    }

    private static List<String> addresses(List<Inventory.Node> ns) {
        return ns.stream().map(Inventory.Node::address).toList();
    }

    /**
     * Inserts the DROP rules for each address, then lists the drill's rules in that table (for the
     * log).
     */
    static String dropRules(Cut cut, List<String> addresses) {
        StringBuilder b = new StringBuilder("set -e\n");
        for (String a : addresses) {
            b.append(rule(cut, "-I", cut.in, "-s", a)).append(rule(cut, "-I", cut.out, "-d", a));
        }
        return b.append("iptables -w -t ")
                .append(cut.table)
                .append(" -S | grep -- ")
                .append(RULE_TAG)
                .append('\n')
                .toString();
    }

    /**
     * Deletes each rule until it is gone (also one added twice), then fails if any drill rule is
     * left in the table.
     */
    static String healRules(Cut cut, List<String> addresses) {
        StringBuilder b = new StringBuilder();
        for (String a : addresses) {
            b.append("while ")
                    .append(rule(cut, "-D", cut.in, "-s", a).strip())
                    .append(" 2>/dev/null; do :; done\n");
            b.append("while ")
                    .append(rule(cut, "-D", cut.out, "-d", a).strip())
                    .append(" 2>/dev/null; do :; done\n");
        }
        return b.append("! iptables -w -t ")
                .append(cut.table)
                .append(" -S | grep -q -- ")
                .append(RULE_TAG)
                .append('\n')
                .toString();
    }

    private static String rule(Cut cut, String op, String chain, String dir, String address) {
        return "iptables -w -t "
                + cut.table
                + " "
                + op
                + " "
                + chain
                + " "
                + dir
                + " "
                + address
                + " -m comment --comment "
                + RULE_TAG
                + " -j DROP\n";
    }

    /**
     * A planned switchover through the watchdog's own command, on the standby that becomes primary:
     * its prechecks (retried for wait), repmgr's switchover, and its gates until the pair is
     * healthy. With dryRun only the prechecks and repmgr's dry run: nothing changes.
     */
    public CommandResult watchdogSwitchover(Inventory.Node toPrimary, boolean dryRun, Duration wait)
            throws DrillAbort {
        CommandResult r =
                shell(toPrimary)
                        .run(
                                switchoverScript(inv.watchdog().command(), dryRun, wait),
                                // repmgr_timeout and settle_timeout (3 + 2 min) after the wait
                                wait.plus(Duration.ofMinutes(dryRun ? 4 : 7)));
        if (r.ok()) return r;
        String why =
                r.stdout()
                        .lines()
                        .filter(
                                l ->
                                        l.startsWith("FAILED")
                                                || l.startsWith("refused:")
                                                || l.startsWith("fix:"))
                        .reduce((a, b) -> a + " " + b)
                        .orElse(r.brief());
        throw new DrillAbort(
                "failover-watchdog switchover"
                        + (dryRun ? " --dry-run" : "")
                        + " on "
                        + toPrimary.name()
                        + " failed (exit "
                        + r.exit()
                        + "): "
                        + why);
    }

    static String switchoverScript(String command, boolean dryRun, Duration wait) {
        return "cd /tmp\n"
                + command
                + " switchover"
                + (dryRun ? " --dry-run" : "")
                + " --wait "
                + wait.toSeconds()
                + " 2>&1\n";
    }

    /** A repmgr command as postgres with the inventory's repmgr.conf, its output on stdout. */
    private String repmgr(String command) {
        return "cd /tmp\nrunuser -u postgres -- repmgr -f "
                + ShellScript.quote(inv.repmgr().config())
                + " "
                + command
                + " 2>&1\n";
    }

    /** A planned switchover: repmgr run as postgres on the standby that becomes primary. */
    public CommandResult switchover(Inventory.Node toPrimary) throws DrillAbort {
        return must(
                shell(toPrimary),
                "repmgr standby switchover",
                repmgr("standby switchover --siblings-follow"),
                Duration.ofSeconds(180));
    }

    /**
     * Registers the witness again against upstream, which must be the primary (repmgr refuses a
     * standby, and records the primary it finds there as the witness's upstream).
     */
    public void registerWitness(Inventory.Node witness, Inventory.Node upstream) throws DrillAbort {
        must(
                shell(witness),
                "repmgr witness register",
                repmgr("witness register -h " + ShellScript.quote(upstream.address()) + " -F"),
                Duration.ofSeconds(60));
    }

    /**
     * Makes the witness's repmgr record name upstream (the standby) as its upstream, on the
     * primary, and waits until the standby replayed it: what a registration while upstream was
     * primary leaves after a switchover back. Returns the record as changed.
     */
    public String staleWitnessRecord(
            Inventory.Node primary, Inventory.Node witness, Inventory.Node upstream)
            throws DrillAbort {
        return must(
                        shell(primary),
                        "stale witness record",
                        ShellScript.with(
                                STALE_WITNESS_RECORD,
                                "REPMGR_CONFIG",
                                inv.repmgr().config(),
                                "WITNESS",
                                witness.name(),
                                "UPSTREAM",
                                upstream.name()),
                        Duration.ofSeconds(30))
                .stdout()
                .strip();
    }

    /**
     * Makes a node's crashed database a standby of primary again (inventory repmgr.rejoin_command).
     */
    public void rejoin(Inventory.Node n, Inventory.Node primary) throws DrillAbort {
        if (inv.repmgr().rejoinCommand().isEmpty()) {
            throw new DrillAbort(
                    "repmgr.rejoin_command is not set in the inventory: rejoin "
                            + n.name()
                            + " by hand");
        }
        must(
                shell(n),
                "rejoin",
                inv.repmgr().rejoinCommand().replace("{primary}", primary.address()),
                Duration.ofSeconds(240));
    }

    /** Starts a node's PostgreSQL the way repmgr itself would (its service_start_command). */
    public void startPostgres(Inventory.Node n) throws DrillAbort {
        must(
                shell(n),
                "start PostgreSQL",
                repmgr("node service --action=start"),
                Duration.ofSeconds(120));
    }

    /**
     * What the watchdog is doing on a node right now, in one round trip.
     *
     * @param tickPid the process that holds the tick lock (a tick runs in it: the timer's oneshot
     *     or the resident guard), "" when no tick runs
     */
    public record TickSnapshot(String tickPid, String profile, String lastPromote) {
        public boolean running() {
            return !tickPid.isEmpty();
        }
    }

    /**
     * The tick lock (the PID holding it, from /proc/locks), the profile and the last PROMOTE, in
     * one round trip.
     */
    public TickSnapshot tickSnapshot(Inventory.Node n) {
        String lock =
                java.nio.file.Path.of(inv.watchdog().journal())
                        .resolveSibling("tick.lock")
                        .toString();
        CommandResult r =
                shell(n).run(
                                ShellScript.with(
                                        TICK_SNAPSHOT,
                                        "LOCK_FILE",
                                        lock,
                                        "STACK_DIR",
                                        inv.stack().dir(),
                                        "JOURNAL",
                                        inv.watchdog().journal()),
                                Duration.ofSeconds(5));
        java.util.Map<String, String> kv = new java.util.HashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) kv.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
        return new TickSnapshot(
                kv.getOrDefault("pid", ""),
                kv.getOrDefault("profile", ""),
                kv.getOrDefault("promote", ""));
    }

    /**
     * SIGKILL of the process running the tick, whichever unit it belongs to (by the PID holding the
     * lock).
     */
    public CommandResult killWatchdogTick(Inventory.Node n, String pid) throws DrillAbort {
        if (!pid.matches("[0-9]+")) throw new DrillAbort("not a PID: '" + pid + "'");
        return must(
                shell(n),
                "kill -9 of the failover-watchdog tick",
                "kill -9 " + pid,
                Duration.ofSeconds(10));
    }

    /**
     * `repmgr service status` as seen from a data node: every registered node, its status and its
     * repmgrd.
     */
    public String repmgrServiceStatus(Inventory.Node on) {
        CommandResult r = shell(on).run(repmgr("service status"), Duration.ofSeconds(20));
        return r.stdout();
    }

    /** One look: does repmgr, asked on this data node, see the witness running with its repmgrd? */
    public boolean witnessAnswering(Inventory.Node on) {
        return witnessAnswering(repmgrServiceStatus(on));
    }

    /**
     * Whether the witness answers again, from `repmgr service status`: its row says running (not "?
     * unreachable") and its repmgrd runs. Columns are found by their headers.
     */
    static boolean witnessAnswering(String serviceStatus) {
        Optional<Map<String, String>> w = repmgrRow(serviceStatus, "Role", "witness");
        return w.isPresent()
                && w.get().getOrDefault("Status", "").matches("\\*? *running")
                && w.get().getOrDefault("repmgrd", "").equals("running");
    }

    /** The first row of a repmgr table whose column has the value, as header to cell. */
    static Optional<Map<String, String>> repmgrRow(String table, String column, String value) {
        List<String> header = null;
        for (String line : table.split("\n")) {
            if (!line.contains("|")) continue;
            List<String> cells =
                    java.util.Arrays.stream(line.split("\\|", -1)).map(String::strip).toList();
            if (header == null) {
                header = cells;
                continue;
            }
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < cells.size(); i++)
                row.put(header.get(i), cells.get(i));
            if (value.equals(row.get(column))) return Optional.of(row);
        }
        return Optional.empty();
    }

    /**
     * The deployment's rolling upgrade (inventory upgrade.command) on the drill host, in its
     * workdir, stopped at its deadline; never throws: the drill judges the result.
     */
    public CommandResult runUpgrade(Inventory.Upgrade u) {
        return host.run(
                ShellScript.with(
                        RUN_UPGRADE,
                        "WORKDIR",
                        u.workdir().toString(),
                        "UPGRADE_COMMAND",
                        u.command(),
                        "DEADLINE_S",
                        String.valueOf(u.deadline().toSeconds())),
                u.deadline().plusMinutes(1)); // the script's own timeout comes first
    }

    /** sha256 of a file on a node, "" when it cannot be read. */
    public String sha256(Inventory.Node n, String path) {
        CommandResult r =
                shell(n).run(
                                "sha256sum < " + ShellScript.quote(path) + " | cut -d' ' -f1",
                                Duration.ofSeconds(30));
        String out = r.stdout().strip();
        return r.ok() && out.matches("[0-9a-f]{64}") ? out : "";
    }

    public String readEnv(Inventory.Node n, String key) {
        CommandResult r =
                shell(n).run(
                                "sed -n 's/^"
                                        + key
                                        + "=//p' "
                                        + inv.stack().dir()
                                        + "/.env | tail -1",
                                Duration.ofSeconds(5));
        return r.ok() ? r.stdout().strip() : "";
    }

    public boolean routerRunning(Inventory.Node n) {
        return shell(n).run(
                        "docker ps -q --filter label=com.docker.compose.project="
                                + inv.stack().project()
                                + " --filter label=com.docker.compose.service=router --filter status=running | grep -q .",
                        Duration.ofSeconds(5))
                .ok();
    }

    public String journal(Inventory.Node n) {
        CommandResult r =
                shell(n).run(
                                "tail -n 400 " + inv.watchdog().journal() + " 2>/dev/null; exit 0",
                                Duration.ofSeconds(10));
        return r.ok() ? r.stdout() : "";
    }

    /**
     * What an operator would look at when a drill fails: failover-watchdog status, its log, the
     * journal.
     */
    public String evidence(Inventory.Node n, Instant since) {
        String s =
                ShellScript.with(
                        EVIDENCE,
                        "WATCHDOG_CMD",
                        inv.watchdog().command(),
                        "WATCHDOG_SERVICE",
                        inv.watchdog().service(),
                        "WATCHDOG_TIMER",
                        inv.watchdog().timer(),
                        "SINCE",
                        String.valueOf(since.getEpochSecond()),
                        "STACK_DIR",
                        inv.stack().dir(),
                        "STACK_PROJECT",
                        inv.stack().project(),
                        "REPMGR_CONFIG",
                        inv.repmgr().config());
        CommandResult r = shell(n).run(s, Duration.ofSeconds(60));
        return r.stdout() + (r.ok() ? "" : "\n(" + r.brief() + ")");
    }
}
