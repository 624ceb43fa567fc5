package org.failoverwatchdog.drills.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.failoverwatchdog.drills.chart.TimelinePictures;
import org.failoverwatchdog.drills.drill.Drills;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.inventory.InventoryChecks;
import org.failoverwatchdog.drills.inventory.InventoryException;
import org.failoverwatchdog.drills.inventory.InventoryLoader;
import org.failoverwatchdog.drills.measure.Db;
import org.failoverwatchdog.drills.observe.ClusterObserver;
import org.failoverwatchdog.drills.remote.Shell;
import org.failoverwatchdog.drills.remote.SshShell;
import org.failoverwatchdog.drills.report.DrillSummary;
import org.failoverwatchdog.drills.report.JsonReport;
import org.failoverwatchdog.drills.report.MarkdownTable;
import org.failoverwatchdog.drills.run.Drill;
import org.failoverwatchdog.drills.run.IterationResult;
import org.failoverwatchdog.drills.run.IterationRunner;
import org.failoverwatchdog.drills.run.Operations;
import org.failoverwatchdog.drills.run.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * drill run NAME | drill all | drill list. Exit 0 all invariants held, 1 one was violated, 2 usage
 * or inventory error.
 */
@Command(
        name = "drill",
        mixinStandardHelpOptions = true,
        subcommands = {
            DrillCli.Run.class,
            DrillCli.All.class,
            DrillCli.ListDrills.class,
            DrillCli.Chart.class
        },
        description =
                "Failure drills against the two-node stack (the lab by default): bad window through the LB, time to promote"
                        + " and converge, dual writers, lost writes, final state.")
public final class DrillCli implements Callable<Integer> {
    static final int OK = 0, VIOLATED = 1, USAGE = 2;

    public static void main(String[] args) {
        // The timeline pictures are drawn without a display; set before any AWT class loads.
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new DrillCli()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return USAGE;
    }

    /** Options shared by run and all. */
    static final class Common {
        @Option(
                names = "--iterations",
                defaultValue = "1",
                description = "iterations per drill (default ${DEFAULT-VALUE})")
        int iterations;

        @Option(
                names = "--yes",
                description = "do not ask for confirmation (the drills are destructive)")
        boolean yes;

        @Option(
                names = "--inventory",
                paramLabel = "FILE",
                description = "inventory YAML (default: the lab, embedded)")
        Path inventory;

        @Option(
                names = "--results",
                paramLabel = "DIR",
                description = "results folder (default drills/results/<timestamp>/)")
        Path results;

        @Option(
                names = "--report-rto",
                description = "add the reference deployment's RTO column to the table")
        boolean reportRto;

        @Option(
                names = "--rounds",
                description =
                        "run round by round (every drill once, then again) instead of drill by drill,"
                                + " so an interrupted run still has every row")
        boolean rounds;
    }

    @Command(name = "run", description = "Run one drill.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "a drill of `drill list`")
        String name;

        @Mixin Common common;

        @Override
        public Integer call() {
            var d = Drills.byName(name);
            if (d.isEmpty()) {
                System.err.println("drill: no drill named '" + name + "' (fix: see drill list)");
                return USAGE;
            }
            return execute(List.of(d.get()), common);
        }
    }

    @Command(name = "all", description = "Run every drill, in the order of drill list.")
    static final class All implements Callable<Integer> {
        @Mixin Common common;

        @Override
        public Integer call() {
            return execute(Drills.all(), common);
        }
    }

    @Command(name = "list", description = "List the drills.")
    static final class ListDrills implements Callable<Integer> {
        @Override
        public Integer call() {
            for (Drill d : Drills.all())
                System.out.printf("%-16s %s (report: %s)%n", d.name(), d.failure(), d.reportRto());
            return OK;
        }
    }

    @Command(
            name = "chart",
            description =
                    "Render the timeline pictures (<drill>-<iteration>.png) of results folders again,"
                            + " from their results.json (older runs too).")
    static final class Chart implements Callable<Integer> {
        @Parameters(
                paramLabel = "DIR",
                arity = "1..*",
                description = "a results folder, e.g. drills/results/20261130-074255")
        List<Path> dirs;

        @Override
        public Integer call() {
            for (Path d : dirs) {
                if (!Files.isRegularFile(d.resolve("results.json"))) {
                    System.err.println(
                            "drill: "
                                    + d.resolve("results.json")
                                    + " not found (fix: pass a results folder of drill run or all)");
                    return USAGE;
                }
            }
            int failed = 0;
            for (Path d : dirs) {
                List<String> warnings = new ArrayList<>();
                try {
                    TimelinePictures.renderAll(d, warnings::add).forEach(System.out::println);
                } catch (IOException e) {
                    warnings.add(
                            "cannot read " + d.resolve("results.json") + ": " + e.getMessage());
                }
                warnings.forEach(w -> System.err.println("drill: warning: " + w));
                failed += warnings.size();
            }
            return failed == 0 ? OK : VIOLATED;
        }
    }

    static int execute(List<Drill> drills, Common o) {
        if (o.iterations < 1 || o.iterations > 100) {
            System.err.println(
                    "drill: --iterations " + o.iterations + " is out of range (fix: 1 to 100)");
            return USAGE;
        }
        Inventory inv;
        try {
            if (o.inventory != null) {
                inv = InventoryLoader.fromFile(o.inventory);
            } else {
                Path repo =
                        RepoRoot.find()
                                .orElseThrow(
                                        () ->
                                                new InventoryException(
                                                        "no inventory given and no lab repository found (fix: pass --inventory FILE, or run drills/drill inside the repository)"));
                inv = InventoryLoader.lab(repo);
            }
        } catch (InventoryException e) {
            System.err.println("drill: " + e.getMessage());
            return USAGE;
        }
        List<String> problems = InventoryChecks.problems(inv);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("drill: " + p));
            return USAGE;
        }
        String names = String.join(", ", drills.stream().map(Drill::name).toList());
        if (!Confirm.ask(
                "About to run "
                        + names
                        + " ("
                        + o.iterations
                        + " iteration(s) each) against "
                        + inv.dataNodes()
                        + ": processes are killed, nodes powered off ("
                        + inv.powerOff().describe()
                        + "), links cut.",
                o.yes)) {
            return USAGE;
        }
        Instant started = Instant.now();
        Path dir =
                o.results != null
                        ? o.results
                        : RepoRoot.find()
                                .map(r -> r.resolve("drills/results"))
                                .orElse(Path.of("drill-results"))
                                .resolve(
                                        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                                .withZone(ZoneOffset.UTC)
                                                .format(started));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            System.err.println(
                    "drill: cannot create "
                            + dir
                            + ": "
                            + e.getMessage()
                            + " (fix: pass a writable --results DIR)");
            return USAGE;
        }
        Progress progress = new Progress(System.err, dir.resolve("drill.log"));
        progress.line("results in " + dir + "; inventory " + inv.source());
        Map<String, Shell> shells = new LinkedHashMap<>();
        for (Inventory.Node n : inv.dataNodes()) shells.put(n.name(), new SshShell(n, inv.ssh()));
        // A drill that changes the witness's repmgr registration runs repmgr on it.
        inv.witness().ifPresent(w -> shells.put(w.name(), new SshShell(w, inv.ssh())));
        List<IterationResult> all = new ArrayList<>();
        Map<String, List<IterationResult>> byDrill = new LinkedHashMap<>();
        drills.forEach(d -> byDrill.put(d.name(), new ArrayList<>()));
        try (ClusterObserver observer = new ClusterObserver(inv, shells)) {
            IterationRunner runner =
                    new IterationRunner(
                            inv,
                            new Operations(inv, shells),
                            observer,
                            new Db(inv),
                            progress,
                            dir.resolve("evidence"));
            for (int k = 0; k < drills.size() * o.iterations; k++) {
                // drill by drill (all iterations of one, then the next) or round by round
                int di = o.rounds ? k % drills.size() : k / o.iterations;
                int i = o.rounds ? k / drills.size() + 1 : k % o.iterations + 1;
                Drill d = drills.get(di);
                IterationResult r = runner.run(d, i);
                byDrill.get(d.name()).add(r);
                all.add(r);
                TimelinePictures.render(r, dir, w -> progress.line("warning: " + w))
                        .ifPresent(p -> progress.line("timeline picture " + p));
                write(
                        dir,
                        started,
                        inv,
                        rows(drills, byDrill),
                        all,
                        o.reportRto); // after every iteration: a crash keeps what was measured
            }
        } finally {
            shells.values().forEach(s -> ((SshShell) s).close());
        }
        List<DrillSummary> rows = rows(drills, byDrill);
        String table = MarkdownTable.render(rows, o.reportRto);
        System.out.print(table);
        progress.line("table and JSON in " + dir);
        return rows.stream().allMatch(DrillSummary::passed) ? OK : VIOLATED;
    }

    /** One row per drill that ran at least once, in the order of the drill list. */
    static List<DrillSummary> rows(List<Drill> drills, Map<String, List<IterationResult>> byDrill) {
        List<DrillSummary> rows = new ArrayList<>();
        for (Drill d : drills) {
            List<IterationResult> its = byDrill.get(d.name());
            if (!its.isEmpty())
                rows.add(
                        DrillSummary.of(
                                d.name(), d.failure(), d.reportRto(), d.lostWritesAllowed(), its));
        }
        return rows;
    }

    private static void write(
            Path dir,
            Instant started,
            Inventory inv,
            List<DrillSummary> rows,
            List<IterationResult> all,
            boolean rto) {
        try {
            List<MarkdownTable.Picture> pictures = new ArrayList<>();
            for (IterationResult r : all) {
                Path png = TimelinePictures.file(dir, r.drill(), r.iteration());
                if (Files.isRegularFile(png))
                    pictures.add(
                            new MarkdownTable.Picture(
                                    r.drill() + " #" + r.iteration(),
                                    png.getFileName().toString()));
            }
            Files.writeString(
                    dir.resolve("results.md"),
                    MarkdownTable.render(rows, rto) + MarkdownTable.timelines(pictures),
                    StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve("results.json"),
                    JsonReport.render(started, inv.source(), rows, all),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("drill: cannot write results to " + dir + ": " + e.getMessage());
        }
    }
}
