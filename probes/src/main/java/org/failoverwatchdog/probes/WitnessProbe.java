package org.failoverwatchdog.probes;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks the witness about the peer: runs a fixed command there over SSH (public key, host key
 * verified against known_hosts; on the witness the key may run nothing else). No answer at all is
 * UNKNOWN (never enough to act on).
 */
public final class WitnessProbe {
    /** The witness's peer-db answer: the peer's role and timeline, one line. */
    private static final Pattern PEER_DB = Pattern.compile("(primary|standby) (\\d+)");

    /** What a forced command may print at most: a line or two; more is not a witness answering. */
    private static final int MAX_OUTPUT = 4096;

    private final Duration timeout;
    private final String host;
    private final int port;
    private final String user;
    private final Path key;
    private final Path knownHosts;

    public WitnessProbe(
            Duration timeout, String host, int port, String user, Path key, Path knownHosts) {
        this.timeout = timeout;
        this.host = host;
        this.port = port;
        this.user = user;
        this.key = key;
        this.knownHosts = knownHosts;
    }

    /** Whether the witness reaches the peer: exit 0 of the check command yes, any other exit no. */
    public Observed<Answer> seesPeer(String command) {
        return run(command)
                .map(
                        r ->
                                r.exit() == 0
                                        ? Answer.yes("witness " + host + " reaches the peer")
                                        : Answer.no(
                                                "witness "
                                                        + host
                                                        + " does not reach the peer (exit "
                                                        + r.exit()
                                                        + ")"));
    }

    /**
     * The peer's database as the witness reads it (its peer-db command). Anything but a clean
     * answer, the witness unable to reach that database included, is UNKNOWN: only a positive
     * report may move a decision.
     */
    public Observed<RoleAndTimeline> peerDb(String command) {
        Observed<Result> r = run(command);
        if (r instanceof Observed.Known<Result> k) return parsePeerDb(host, k.value(), r.latency());
        return Observed.unknown(((Observed.Unknown<Result>) r).reason(), r.latency());
    }

    static Observed<RoleAndTimeline> parsePeerDb(String host, Result r, Duration took) {
        if (r.exit() != 0)
            return Observed.unknown(
                    "witness "
                            + host
                            + " cannot read the peer's database (exit "
                            + r.exit()
                            + (r.stderr().isBlank() ? "" : ": " + firstLine(r.stderr()))
                            + ")",
                    took);
        Matcher m = PEER_DB.matcher(r.stdout().strip());
        if (!m.matches())
            return Observed.unknown(
                    "witness "
                            + host
                            + " answered '"
                            + firstLine(r.stdout())
                            + "', not '<primary|standby> <timeline>': is its check wrapper of this release?",
                    took);
        return Observed.known(
                new RoleAndTimeline(
                        m.group(1).equals("primary") ? DbRole.PRIMARY : DbRole.STANDBY,
                        Long.parseLong(m.group(2))),
                took);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl);
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    /** A remote command's exit status and what it printed. */
    record Result(int exit, String stdout, String stderr) {}

    private Observed<Result> run(String command) {
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ch.setOutputStream(out);
            ch.setErrStream(err);
            ch.connect((int) timeout.toMillis());
            long deadline = System.nanoTime() + timeout.multipliedBy(2).toNanos();
            while (!ch.isClosed()) {
                if (out.size() + err.size() > MAX_OUTPUT)
                    return Observed.unknown(
                            "witness " + host + " printed more than " + MAX_OUTPUT + " bytes",
                            sw.elapsed());
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
            return Observed.known(
                    new Result(
                            ch.getExitStatus(),
                            out.toString(StandardCharsets.UTF_8),
                            err.toString(StandardCharsets.UTF_8)),
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
