package org.failoverwatchdog.watchdog.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.failoverwatchdog.convergence.EnvFileWriter;
import org.failoverwatchdog.probes.EnvFile;
import org.failoverwatchdog.probes.EnvFileException;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.env.EnvMerge;
import org.failoverwatchdog.watchdog.env.EnvMerge.HaKey;
import org.failoverwatchdog.watchdog.tick.TickLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `failover-watchdog env ...`: the stack's .env as a deployment changes it. */
@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        version = "failover-watchdog 0.1.0",
        description =
                "The stack's .env (compose.env_file) as a deployment changes it: beside the watchdog, never over its HA state.",
        subcommands = {EnvCmd.Apply.class})
final class EnvCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(
            name = "apply",
            description = {
                "Sets the .env's keys to those of a file, under the tick lock (waiting for a running tick), keeping every other"
                        + " key, the comments and the order; COMPOSE_PROFILES and HA_ROUTER_IP, the watchdog's HA state, are refused"
                        + " in the file and set only where the .env has none (a first install: --initial). Written atomically;"
                        + " prints whether anything changed and the changed keys, never values."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:applied, or nothing to change (the output says which)",
                "1:a tick held the lock past --wait; nothing written",
                "2:bad config, a --from file that does not parse or names a key of the watchdog, a .env that does not parse,"
                        + " or a new .env without --initial values (each named, with the fix); nothing written"
            })
    static final class Apply extends Main.Sub {
        /** Where --from - reads (a test gives its own). */
        InputStream stdin = System.in;

        @Mixin Main.JsonOption out;

        @Option(
                names = "--from",
                required = true,
                paramLabel = "FILE",
                description =
                        "the desired keys as KEY=VALUE lines (a .env; - reads stdin, so that no copy lands on disk);"
                                + " a new .env is this file, comments and all")
        String from;

        @Option(
                names = "--initial",
                paramLabel = "KEY=VALUE",
                description =
                        "COMPOSE_PROFILES or HA_ROUTER_IP for a .env that has none yet (first install); ignored when it has one")
        Map<String, String> initial = new LinkedHashMap<>();

        @Option(
                names = "--wait",
                paramLabel = "SECONDS",
                defaultValue = "300",
                description =
                        "how long to wait for a running tick to release the lock (default ${DEFAULT-VALUE}, the tick unit's TimeoutStartSec)")
        int waitSeconds;

        @Option(
                names = "--dry-run",
                description = "say what would change, write nothing (takes no lock)")
        boolean dryRun;

        @Override
        int run(WatchdogConfig c) throws Exception {
            Path env = c.compose().envFile();
            Map<HaKey, String> init;
            EnvFile desired;
            try {
                init = initialValues(c);
                desired = desired();
            } catch (EnvMerge.RefusedException | EnvFileException e) {
                return cannotRun(e.getMessage());
            }
            if (dryRun) return merge(env, desired, init, false);
            Optional<TickLock> lock =
                    TickLock.acquire(c.stateDir(), Duration.ofSeconds(Math.max(0, waitSeconds)));
            if (lock.isEmpty()) {
                err().println(
                                "failover-watchdog: a tick still holds "
                                        + c.stateDir().resolve("tick.lock")
                                        + " after "
                                        + waitSeconds
                                        + " s; nothing written (retry, or stop failover-watchdog.service)");
                return 1;
            }
            try (TickLock held = lock.get()) {
                return merge(env, desired, init, true);
            }
        }

        private int merge(Path env, EnvFile desired, Map<HaKey, String> init, boolean write)
                throws IOException {
            EnvMerge.Result r;
            try {
                r = EnvMerge.merge(env.toString(), current(env), fromName(), desired, init);
            } catch (EnvMerge.RefusedException | EnvFileException e) {
                return cannotRun(e.getMessage());
            }
            if (write && r.changed()) new EnvFileWriter(env).write(r.next());
            print(env, r);
            return 0;
        }

        private static Optional<EnvFile> current(Path env) throws IOException, EnvFileException {
            try {
                return Optional.of(EnvFile.read(env));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        private String fromName() {
            return from.equals("-") ? "--from - (stdin)" : from;
        }

        private EnvFile desired() throws IOException, EnvFileException, EnvMerge.RefusedException {
            String text;
            if (from.equals("-")) {
                text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                try {
                    text = Files.readString(Path.of(from), StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw new EnvMerge.RefusedException(
                            from
                                    + ": no such file (fix: name the file of desired keys, or - for stdin)");
                }
            }
            return EnvFile.parse(fromName(), text);
        }

        /** Only the watchdog's keys, each with a value this node's config can mean. */
        private Map<HaKey, String> initialValues(WatchdogConfig c)
                throws EnvMerge.RefusedException {
            Map<HaKey, String> out = new EnumMap<>(HaKey.class);
            for (Map.Entry<String, String> e : initial.entrySet()) {
                HaKey k =
                        HaKey.of(e.getKey())
                                .orElseThrow(
                                        () ->
                                                new EnvMerge.RefusedException(
                                                        "--initial "
                                                                + e.getKey()
                                                                + ": only COMPOSE_PROFILES and HA_ROUTER_IP are given this way (fix: put "
                                                                + e.getKey()
                                                                + " in the --from file)"));
                List<String> allowed =
                        k == HaKey.COMPOSE_PROFILES
                                ? List.of(
                                        c.compose().primaryProfile(),
                                        c.compose().secondaryProfile())
                                : List.of(c.node().ip(), c.peer().ip());
                if (!allowed.contains(e.getValue())) {
                    throw new EnvMerge.RefusedException(
                            "--initial "
                                    + k
                                    + "="
                                    + e.getValue()
                                    + " is not one of "
                                    + allowed
                                    + " in "
                                    + c.file()
                                    + " (fix: give "
                                    + (k == HaKey.COMPOSE_PROFILES
                                            ? "compose.primary_profile or compose.secondary_profile"
                                            : "node.ip or peer.ip, the primary's")
                                    + ")");
                }
                out.put(k, e.getValue());
            }
            return out;
        }

        private void print(Path env, EnvMerge.Result r) throws IOException {
            if (out.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("envFile", env.toString());
                m.put("changed", r.changed());
                m.put("created", r.created() && r.changed());
                m.put("dryRun", dryRun);
                m.put("keys", r.changedKeys());
                printJson(m);
                return;
            }
            String what =
                    !r.changed()
                            ? "unchanged"
                            : (dryRun ? "would " : "")
                                    + (r.created()
                                            ? (dryRun ? "create" : "created")
                                            : (dryRun ? "change" : "changed"));
            out().println(
                            what
                                    + " "
                                    + env
                                    + (r.changed()
                                            ? ": " + String.join(", ", r.changedKeys())
                                            : ""));
        }
    }
}
