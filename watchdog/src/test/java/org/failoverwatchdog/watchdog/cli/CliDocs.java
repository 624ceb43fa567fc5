package org.failoverwatchdog.watchdog.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build time only: the bash completion and the man pages (AsciiDoc, made troff by asciidoctor),
 * from the command line's own model, so they cannot drift from it. It lives with the tests so that
 * picocli-codegen stays off the runtime classpath and out of the jar (the tick loads nothing it
 * does not need). Maven runs it in prepare-package (watchdog/pom.xml).
 */
public final class CliDocs {
    private CliDocs() {}

    /** args[0]: the directory to write completion/watchdog and man-adoc/*.adoc into (target/). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1)
            throw new IllegalArgumentException("usage: CliDocs <output directory>");
        write(Path.of(args[0]));
    }

    static void write(Path dir) throws IOException {
        CommandLine cl = Main.commandLine();
        Path completion =
                Files.createDirectories(dir.resolve("completion")).resolve("failover-watchdog");
        Files.writeString(completion, AutoComplete.bash("failover-watchdog", cl));
        Path adoc = Files.createDirectories(dir.resolve("man-adoc"));
        // one page per command: failover-watchdog(1), failover-watchdog-status(1), ...
        int rc =
                ManPageGenerator.generateManPage(
                        adoc.toFile(), null, new boolean[0], false, cl.getCommandSpec());
        if (rc != 0) throw new IOException("the man pages were not generated (exit " + rc + ")");
    }
}
