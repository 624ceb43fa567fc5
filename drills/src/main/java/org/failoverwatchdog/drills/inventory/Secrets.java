package org.failoverwatchdog.drills.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Reads the application password from where the inventory says; it only ever lives in memory. */
public final class Secrets {
    private Secrets() {}

    public static String password(Inventory inv, String host, int port) throws IOException {
        Inventory.Database db = inv.database();
        if (db.password() instanceof Inventory.Secret.PasswordFile pw) {
            return Files.readString(pw.path(), StandardCharsets.UTF_8).strip();
        }
        Inventory.Secret.PassFile pf = (Inventory.Secret.PassFile) db.password();
        return PassFile.lookup(
                        Files.readString(pf.path(), StandardCharsets.UTF_8),
                        host,
                        port,
                        db.name(),
                        db.user())
                .orElseThrow(
                        () ->
                                new IOException(
                                        pf.path()
                                                + ": no line matches "
                                                + host
                                                + ":"
                                                + port
                                                + ":"
                                                + db.name()
                                                + ":"
                                                + db.user()
                                                + " (fix: add one, or use * for host and port)"));
    }
}
