package org.failoverwatchdog.drills.remote;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.failoverwatchdog.drills.inventory.Inventory;

/**
 * One node over SSH, as an operator reaches it. Host keys are verified against the inventory's
 * known_hosts (StrictHostKeyChecking=yes: an unknown or changed key is refused, never accepted).
 * The session is kept and re-opened after a failure, because drills run many short commands while
 * nodes disappear and come back.
 */
public final class SshShell implements Shell, AutoCloseable {
    private final Inventory.Node node;
    private final Inventory.Ssh ssh;
    private Session session;

    public SshShell(Inventory.Node node, Inventory.Ssh ssh) {
        this.node = node;
        this.ssh = ssh;
    }

    private synchronized Session session() throws JSchException {
        if (session != null && session.isConnected()) return session;
        // A powered-off node does not answer ARP: a short plain TCP check fails fast instead of
        // holding every observation for the full SSH connect timeout.
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.connect(
                    new java.net.InetSocketAddress(node.address(), ssh.port()),
                    (int) Math.min(1000, ssh.connectTimeout().toMillis()));
        } catch (java.io.IOException e) {
            throw new JSchException("port " + ssh.port() + " unreachable: " + e.getMessage());
        }
        JSch jsch = new JSch();
        jsch.setKnownHosts(ssh.knownHosts().toString());
        jsch.addIdentity(ssh.privateKey().toString());
        Session s = jsch.getSession(ssh.user(), node.address(), ssh.port());
        s.setConfig("StrictHostKeyChecking", "yes");
        // Offer first the host key types known_hosts has, so a node with several host keys is
        // verified against the one we hold instead of failing on another type.
        s.setConfig("prefer_known_host_key_types", "yes");
        s.setConfig("PreferredAuthentications", "publickey");
        s.setServerAliveInterval(2000); // a powered-off node must not hang a command for minutes
        s.setServerAliveCountMax(2);
        s.connect((int) ssh.connectTimeout().toMillis());
        session = s;
        return s;
    }

    private synchronized void drop() {
        if (session != null) session.disconnect();
        session = null;
    }

    @Override
    public CommandResult run(String script, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ChannelExec ch = null;
        try {
            ch = (ChannelExec) session().openChannel("exec");
            ch.setCommand("bash -s");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ch.setErrStream(err);
            InputStream out = ch.getInputStream();
            OutputStream in = ch.getOutputStream();
            ch.connect((int) Math.min(timeout.toMillis(), ssh.connectTimeout().toMillis()));
            in.write(script.getBytes(StandardCharsets.UTF_8));
            in.close();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            while (true) {
                while (out.available() > 0) {
                    int n = out.read(chunk);
                    if (n < 0) break;
                    buf.write(chunk, 0, n);
                }
                if (ch.isClosed() && out.available() == 0) break;
                if (System.nanoTime() > deadline) {
                    return new CommandResult(
                            -1,
                            buf.toString(StandardCharsets.UTF_8),
                            "timed out after " + timeout.toMillis() + " ms on " + node.name());
                }
                Thread.sleep(
                        20); // JSch's streams are non-blocking friendly only through available()
            }
            return new CommandResult(
                    ch.getExitStatus(),
                    buf.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (JSchException e) {
            drop();
            return new CommandResult(
                    -1, "", "ssh " + ssh.user() + "@" + node.address() + ": " + e.getMessage());
        } catch (java.io.IOException e) {
            drop();
            return new CommandResult(-1, "", "ssh " + node.address() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(-1, "", "interrupted");
        } finally {
            if (ch != null) ch.disconnect();
        }
    }

    @Override
    public String where() {
        return node.name();
    }

    @Override
    public void close() {
        drop();
    }
}
