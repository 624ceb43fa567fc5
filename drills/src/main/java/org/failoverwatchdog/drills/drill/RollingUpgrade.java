package org.failoverwatchdog.drills.drill;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.observe.Invariants;
import org.failoverwatchdog.drills.observe.PlaybookRecap;
import org.failoverwatchdog.drills.remote.CommandResult;
import org.failoverwatchdog.drills.run.Check;
import org.failoverwatchdog.drills.run.Convergence;
import org.failoverwatchdog.drills.run.DrillAbort;
import org.failoverwatchdog.drills.run.DrillContext;

/**
 * Both nodes upgraded with the deployment's playbook while the writer runs (inventory
 * upgrade.command; the lab's is `lab/lab upgrade`, ansible/upgrade.yml): the standby first, a
 * switchover to it, then the old primary. The runner measures what users saw (bad window, dual
 * writers, lost writes: none may be lost); the drill checks that the playbook ran to its end on
 * every host, that the primary moved to the node upgraded first, and that both nodes run the
 * controller's jar.
 */
public final class RollingUpgrade extends NamedDrill {
    public RollingUpgrade() {
        super(
                "rolling-upgrade",
                "rolling upgrade with the playbook (standby, switchover, old primary)",
                NOT_IN_REPORT);
    }

    public void run(DrillContext ctx) throws DrillAbort {
        Inventory.Upgrade u =
                ctx.inv()
                        .upgrade()
                        .orElseThrow(
                                () ->
                                        new DrillAbort(
                                                ctx.inv().source()
                                                        + " has no upgrade: section (fix: add upgrade: {command: <the command that"
                                                        + " upgrades both nodes>, jar: <the jar it installs>}, as in"
                                                        + " drills/src/main/resources/lab-inventory.yml)"));
        String want = controllerJar(u.jar());
        for (Inventory.Node n : ctx.inv().dataNodes()) {
            String had = ctx.ops().sha256(n, u.installedJar());
            ctx.note(
                    n.name()
                            + " ran "
                            + (had.isEmpty() ? "an unreadable jar" : short12(had))
                            + " before the upgrade; the controller's jar is "
                            + short12(want)
                            + (had.equals(want)
                                    ? " (the same: the upgrade changes no program)"
                                    : ""));
        }
        Inventory.Node from = ctx.primary(), to = ctx.standby();
        AtomicReference<CommandResult> ran = new AtomicReference<>();
        Instant f =
                ctx.inject(
                        "rolling upgrade: " + u.command() + " (in " + u.workdir() + ")",
                        () -> ran.set(ctx.ops().runUpgrade(u)));
        CommandResult r = ran.get();
        double took = Duration.between(f, Instant.now()).toMillis() / 1000.0;
        ctx.restore("the upgrade ended (" + r.brief() + ")", () -> {});
        String output = r.stdout() + "\n" + r.stderr();
        Optional<PlaybookRecap> recap = PlaybookRecap.parse(output);
        recap.ifPresent(
                p ->
                        p.hosts()
                                .forEach(
                                        (h, c) ->
                                                ctx.log(
                                                        "recap "
                                                                + h
                                                                + ": ok="
                                                                + c.ok()
                                                                + " changed="
                                                                + c.changed()
                                                                + " unreachable="
                                                                + c.unreachable()
                                                                + " failed="
                                                                + c.failed())));
        ctx.metric("upgrade s", took);
        ctx.metric("changed tasks", recap.map(p -> (double) p.changed()).orElse(null));
        ctx.check(ranToItsEnd(r, recap, ctx.inv().dataNodes()));
        Convergence c = ctx.await(Invariants.Level.APP, DrillContext.CONVERGE_DEADLINE);
        ctx.phase("upgrade, " + from.name() + " to " + to.name(), from, f, f, true, c);
        ctx.check(
                primaryMoved(
                        ctx.currentPrimary().map(Inventory.Node::name), to.name(), from.name()));
        List<InstalledJar> jars = new ArrayList<>();
        for (Inventory.Node n : ctx.inv().dataNodes())
            jars.add(new InstalledJar(n.name(), ctx.ops().sha256(n, u.installedJar())));
        ctx.check(runsTheJar(want, jars, u.installedJar()));
    }

    /** The command exited 0 and its recap names both nodes, none failed or unreachable. */
    static Check ranToItsEnd(
            CommandResult r, Optional<PlaybookRecap> recap, List<Inventory.Node> nodes) {
        String name = "the upgrade ran to its end";
        if (!r.ok()) return Check.fail(name, r.brief());
        if (recap.isEmpty())
            return Check.fail(name, "exit 0 but no PLAY RECAP in its output: nothing shows it ran");
        List<String> problems =
                recap.get().problems(nodes.stream().map(Inventory.Node::name).toList());
        return problems.isEmpty()
                ? Check.pass(name, "exit 0; recap: " + recap.get().hosts().keySet() + " ok")
                : Check.fail(name, String.join("; ", problems));
    }

    /** The switchover of the upgrade: the node upgraded first (the standby) is primary now. */
    static Check primaryMoved(Optional<String> now, String upgradedFirst, String oldPrimary) {
        String name = "primary moved to the node upgraded first";
        if (now.isEmpty()) return Check.fail(name, "no single primary after the upgrade");
        return now.get().equals(upgradedFirst)
                ? Check.pass(name, oldPrimary + " to " + upgradedFirst)
                : Check.fail(
                        name,
                        now.get()
                                + " is primary, not "
                                + upgradedFirst
                                + " (the switchover did not happen, or went back)");
    }

    /** A node's installed jar: its sha256, "" when it could not be read. */
    record InstalledJar(String node, String sha256) {
        @Override
        public String toString() {
            return node + " " + (sha256.isEmpty() ? "unreadable" : short12(sha256));
        }
    }

    static Check runsTheJar(String want, List<InstalledJar> jars, String installed) {
        String name = "both nodes run the new jar";
        List<InstalledJar> wrong = jars.stream().filter(j -> !j.sha256().equals(want)).toList();
        return wrong.isEmpty()
                ? Check.pass(name, installed + " is " + short12(want) + " on " + jars)
                : Check.fail(
                        name,
                        "the controller's jar is "
                                + short12(want)
                                + "; "
                                + installed
                                + " differs: "
                                + wrong);
    }

    static String short12(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    private static String controllerJar(Path jar) throws DrillAbort {
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new DrillAbort(
                    "upgrade.jar "
                            + jar
                            + " cannot be read ("
                            + e.getMessage()
                            + ") (fix: build it with mvn -B -DskipTests package, or name it in the inventory)");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
