package org.failoverwatchdog.watchdog.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.failoverwatchdog.convergence.CommandRunner;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;

/**
 * repmgr as the operator's commands run it: as switchover.repmgr_user (through runuser when this
 * process is another user, root), with fencing.repmgr_conf, killed at its deadline, every line of
 * its output kept with the moment it came. Nothing here is a shell word: the command is an argument
 * list, and it carries no secret (repmgr reads its own conninfo and passfile).
 */
final class Repmgr {
    /** Runs one command line; the tests give their own, so no repmgr runs in them. */
    interface Runner {
        Run run(List<String> argv, Duration timeout, Consumer<Line> eachLine) throws IOException;
    }

    record Line(Instant at, String text) {}

    /**
     * @param exitCode -1 when it was killed at its deadline
     */
    record Run(List<String> argv, int exitCode, boolean timedOut, Duration took, List<Line> lines) {
        Run {
            argv = List.copyOf(argv);
            lines = List.copyOf(lines);
        }

        boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        RepmgrOutput output() {
            return RepmgrOutput.parse(lines);
        }

        /** How it ended, for a report: the exit and repmgr's errors, or its last line. */
        String verdict() {
            RepmgrOutput o = output();
            String how =
                    timedOut
                            ? "killed after " + took.toSeconds() + " s (its deadline)"
                            : "exit " + exitCode;
            if (!o.errors().isEmpty()) return how + ": " + String.join("; ", o.errors());
            return o.last().map(l -> how + ": " + l).orElse(how + " (no output)");
        }

        /** The command as an operator would type it. */
        String commandLine() {
            return String.join(" ", argv);
        }
    }

    private final WatchdogConfig c;
    private final String currentUser;
    private final Runner runner;

    /**
     * @param currentUser the user this process runs as: repmgr runs directly when it is
     *     repmgr_user, else through runuser (which needs root)
     */
    Repmgr(WatchdogConfig c, String currentUser, Runner runner) {
        this.c = c;
        this.currentUser = currentUser;
        this.runner = runner;
    }

    /** `repmgr standby switchover --siblings-follow`: the witness, a sibling, follows too. */
    List<String> switchover(boolean dryRun) {
        List<String> args = new ArrayList<>(List.of("standby", "switchover", "--siblings-follow"));
        if (dryRun) args.add("--dry-run");
        return argv(args);
    }

    /**
     * `repmgr standby promote`: the operator's failover. Not --siblings-follow: it asks every
     * sibling (the witness among them) over SSH first and refuses when one is unreachable, and a
     * witness that is down is exactly when this command is needed; the witness's repmgrd finds the
     * new primary when it is back.
     */
    List<String> promote() {
        return argv(List.of("standby", "promote"));
    }

    /** `repmgr cluster show`: every node's record and status, the witness's upstream among them. */
    List<String> clusterShow() {
        return argv(List.of("cluster", "show"));
    }

    private List<String> argv(List<String> args) {
        List<String> a = new ArrayList<>();
        String user = c.switchover().repmgrUser();
        if (!user.equals(currentUser)) a.addAll(List.of("runuser", "-u", user, "--"));
        a.addAll(List.of("repmgr", "-f", c.fencing().repmgrConf().toString()));
        a.addAll(args);
        return List.copyOf(a);
    }

    Run run(List<String> argv, Duration timeout, Consumer<Line> eachLine) throws IOException {
        return runner.run(argv, timeout, eachLine);
    }

    /**
     * The real thing: in /tmp (the postgres user cannot enter root's home, and repmgr says so on
     * every line otherwise), stdout and stderr as they come.
     */
    static Runner system() {
        return (argv, timeout, eachLine) -> {
            List<Line> lines = java.util.Collections.synchronizedList(new ArrayList<>());
            CommandRunner.Outcome o =
                    CommandRunner.run(
                            argv,
                            Path.of("/tmp"),
                            Map.of(),
                            timeout,
                            text -> {
                                Line l = new Line(Instant.now(), text);
                                lines.add(l);
                                eachLine.accept(l);
                            });
            List<Line> kept;
            synchronized (lines) {
                kept = new ArrayList<>(lines);
            }
            return new Run(argv, o.exitCode(), o.timedOut(), o.took(), kept);
        };
    }
}
