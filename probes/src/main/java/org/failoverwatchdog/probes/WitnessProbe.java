package org.failoverwatchdog.probes;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Asks the witness whether it still reaches the peer: runs a fixed check command there over SSH
 * (public key, host key verified against known_hosts). Exit 0 = the witness sees the peer; any
 * other exit = it does not; no answer at all = UNKNOWN (never enough to act on).
 */
public final class WitnessProbe {
    private final Duration timeout;

    public WitnessProbe(Duration timeout) {
        this.timeout = timeout;
    }

    public Observed<Answer> seesPeer(
            String host, int port, String user, Path key, Path knownHosts, String command) {
        Stopwatch sw = Stopwatch.start();
        Session session = null;
        ChannelExec ch = null;
        try {
            JSch jsch = new JSch();
            jsch.addIdentity(key.toString());
            jsch.setKnownHosts(knownHosts.toString());
            session = jsch.getSession(user, host, port);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setTimeout((int) timeout.toMillis());
            session.connect((int) timeout.toMillis());
            ch = (ChannelExec) session.openChannel("exec");
            ch.setCommand(command);
            ch.connect((int) timeout.toMillis());
            long deadline = System.nanoTime() + timeout.multipliedBy(2).toNanos();
            while (!ch.isClosed()) {
                if (System.nanoTime() > deadline) {
                    return Observed.unknown(
                            "witness "
                                    + host
                                    + " did not finish the check within "
                                    + timeout.multipliedBy(2).toMillis()
                                    + " ms",
                            sw.elapsed());
                }
                Thread.sleep(20); // poll interval of a bounded wait for the remote command's exit
            }
            int exit = ch.getExitStatus();
            return Observed.known(
                    exit == 0
                            ? Answer.yes("witness " + host + " reaches the peer")
                            : Answer.no(
                                    "witness "
                                            + host
                                            + " does not reach the peer (exit "
                                            + exit
                                            + ")"),
                    sw.elapsed());
        } catch (JSchException e) {
            return Observed.unknown("witness " + host + ": " + e.getMessage(), sw.elapsed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Observed.unknown("interrupted", sw.elapsed());
        } finally {
            if (ch != null) ch.disconnect();
            if (session != null) session.disconnect();
        }
    }
}
