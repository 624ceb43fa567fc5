package org.failoverwatchdog.drills.inventory;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks of an inventory that need the file system: secrets and keys exist with safe modes, and
 * known_hosts holds a key for every node (drills verify host keys; they never accept a new one).
 * Every problem is reported at once, each with its fix.
 */
public final class InventoryChecks {
    private static final Set<PosixFilePermission> GROUP_OR_OTHER =
            Set.of(
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);

    private InventoryChecks() {}

    public static List<String> problems(Inventory inv) {
        List<String> out = new ArrayList<>();
        String src = inv.source() + ": ";
        if (inv.database().password() instanceof Inventory.Secret.PassFile pf) {
            secretFile(out, src + "database.passfile", pf.path());
        } else if (inv.database().password() instanceof Inventory.Secret.PasswordFile pw) {
            secretFile(out, src + "database.password_file", pw.path());
        }
        secretFile(out, src + "ssh.private_key", inv.ssh().privateKey());
        if (Files.isReadable(inv.ssh().privateKey())) {
            try {
                new JSch().addIdentity(inv.ssh().privateKey().toString());
            } catch (JSchException e) {
                out.add(
                        src
                                + "ssh.private_key: "
                                + inv.ssh().privateKey()
                                + " is not a usable private key ("
                                + e.getMessage()
                                + ") (fix: name an unencrypted OpenSSH/PEM private key)");
            }
        }
        Path kh = inv.ssh().knownHosts();
        if (!Files.isReadable(kh)) {
            out.add(
                    src
                            + "ssh.known_hosts: "
                            + kh
                            + " does not exist or is not readable (fix: collect the nodes' host keys"
                            + " from a trusted channel into that file; for the lab, run lab/lab up)");
        } else {
            try {
                JSch jsch = new JSch();
                jsch.setKnownHosts(kh.toString());
                HostKeyRepository repo = jsch.getHostKeyRepository();
                List<Inventory.Node> all = new ArrayList<>(inv.dataNodes());
                inv.witness().ifPresent(all::add);
                for (Inventory.Node n : all) {
                    String host =
                            inv.ssh().port() == 22
                                    ? n.address()
                                    : "[" + n.address() + "]:" + inv.ssh().port();
                    HostKey[] keys = repo.getHostKey(host, null);
                    if (keys == null || keys.length == 0) {
                        out.add(
                                src
                                        + "ssh.known_hosts: no host key for "
                                        + n
                                        + " in "
                                        + kh
                                        + " (fix: add a line '"
                                        + host
                                        + " <type> <key>' taken from the node itself, e.g. its /etc/ssh/ssh_host_ed25519_key.pub)");
                    }
                }
            } catch (JSchException e) {
                out.add(
                        src
                                + "ssh.known_hosts: "
                                + kh
                                + " cannot be read ("
                                + e.getMessage()
                                + ") (fix: one 'host[,host] type key' per line)");
            }
        }
        return out;
    }

    /** Like libpq: a secret readable by group or others is refused rather than silently used. */
    static void secretFile(List<String> out, String field, Path p) {
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            out.add(
                    field
                            + ": "
                            + p
                            + " does not exist or is not readable (fix: create it, mode 0600; for the lab, run lab/lab up)");
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                out.add(
                        field
                                + ": "
                                + p
                                + " is accessible by group or others (fix: chmod 600 "
                                + p
                                + ")");
            }
        } catch (UnsupportedOperationException | IOException e) {
            out.add(
                    field
                            + ": cannot read the mode of "
                            + p
                            + " ("
                            + e.getMessage()
                            + ") (fix: keep secrets on a POSIX file system, mode 0600)");
        }
    }
}
