package org.failoverwatchdog.watchdog.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import org.failoverwatchdog.convergence.Journal;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;
import org.failoverwatchdog.probes.PairPauseTable;
import org.failoverwatchdog.probes.Reach;

/**
 * `failover-watchdog list` as one screen: a table of the two nodes, then the witness, the
 * registry's source and this node's watchdog. A cell that could not be read says UNKNOWN[n]; note n
 * under the table says why.
 */
final class PairListingText {
    private static final String[] HEADER = {
        "NODE", "IP", "DB", "TL", "LAG", "APP", "ROUTER", "REGISTRY", "PAUSED", "FENCED"
    };

    /** Footnote text -> its number: the same reason in two cells is one note. */
    private final Map<String, Integer> notes = new LinkedHashMap<>();

    private PairListingText() {}

    static String render(PairListing l) {
        return new PairListingText().text(l);
    }

    private String text(PairListing l) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (PairListing.NodeRow n : l.nodes()) rows.add(row(n));
        StringBuilder sb = new StringBuilder();
        PairListing.NodeRow self = l.nodes().get(0), peer = l.nodes().get(1);
        line(
                sb,
                "pair",
                self.name()
                        + " and "
                        + peer.name()
                        + ", seen from "
                        + self.name()
                        + " at "
                        + l.at().truncatedTo(ChronoUnit.SECONDS));
        table(sb, rows);
        line(
                sb,
                "witness",
                l.witness()
                        .map(
                                w ->
                                        w.name()
                                                + " ("
                                                + w.ip()
                                                + "): "
                                                + reach(w.reach())
                                                + "; "
                                                + sees(w.seesPeer(), peer.name()))
                        .orElse("not configured"));
        line(
                sb,
                "registry",
                l.registry() instanceof Observed.Known<PairListing.RegistryRead> k
                        ? k.value().registry().url()
                                + k.value()
                                        .activeNotAnswering()
                                        .map(
                                                w ->
                                                        " (not HA_ROUTER_IP's router, which was not read: "
                                                                + w
                                                                + ")")
                                        .orElse(" (HA_ROUTER_IP's router)")
                        : "UNKNOWN (" + PairListing.reason(l.registry()) + ")");
        pairPause(l).ifPresent(p -> line(sb, "pause", p));
        PairListing.ThisWatchdog w = l.watchdog();
        line(
                sb,
                "tick",
                w.lastTick() instanceof Observed.Known<PairSnapshot.LastTick> k
                        ? k.value().at()
                                + " ("
                                + age(k.value().at(), l.at())
                                + "), verdict "
                                + k.value().verdict().map(Enum::name).orElse("not recorded")
                        : "UNKNOWN (" + PairListing.reason(w.lastTick()) + ")");
        line(
                sb,
                "guard",
                !w.guardEnabled()
                        ? "not enabled (the timer's tick runs alone)"
                        : w.guardBeat()
                                .map(b -> "beat " + age(b, l.at()))
                                .orElse("no beat recorded"));
        line(
                sb,
                "last",
                w.lastTransition() instanceof Observed.Known<Optional<Journal.Entry>> k
                        ? k.value()
                                .map(
                                        e ->
                                                e.time()
                                                        + " "
                                                        + e.kind()
                                                        + " ("
                                                        + e.rule()
                                                        + ") "
                                                        + (e.succeeded() ? "ok" : "FAILED")
                                                        + " in "
                                                        + e.totalMs()
                                                        + " ms")
                                .orElse("no transition recorded")
                        : "UNKNOWN (" + PairListing.reason(w.lastTransition()) + ")");
        notes.forEach(
                (text, n) ->
                        sb.append('[')
                                .append(n)
                                .append("] ")
                                .append(text)
                                .append(System.lineSeparator()));
        return sb.toString();
    }

    private String[] row(PairListing.NodeRow n) {
        return new String[] {
            n.name() + " (" + n.side().name().toLowerCase() + ")",
            n.ip(),
            cell(
                    n.db(),
                    d ->
                            d.role()
                                    + (d.role() == DbRole.PRIMARY && d.readOnly()
                                            ? " read-only"
                                            : "")),
            n.db().known()
                    .filter(d -> d.role() != DbRole.DOWN && d.timeline() > 0)
                    .map(d -> String.valueOf(d.timeline()))
                    .orElse("-"),
            cell(n.lag(), lag -> lag(n.name(), lag)),
            cell(n.app(), a -> a.role().name()),
            router(n.router()),
            cell(n.registry(), this::registered),
            flag(n.paused(), n.name() + " paused"),
            flag(n.fenced(), n.name() + " fenced")
        };
    }

    /**
     * The pair's pause as each database shows it: left out when both say not paused (the PAUSED
     * column says it), or when it was not read.
     */
    private Optional<String> pairPause(PairListing l) {
        if (l.pairPause().isEmpty()) return Optional.empty();
        List<PairListing.NodeRow> nodes = l.nodes();
        List<Observed<PairPause>> views =
                nodes.stream()
                        .map(
                                n ->
                                        l.pairPause()
                                                .getOrDefault(
                                                        n.side(),
                                                        Observed.unknown(
                                                                "not read", Duration.ZERO)))
                        .toList();
        if (views.stream().allMatch(v -> v.known().orElse(null) instanceof PairPause.NotPaused))
            return Optional.empty();
        Optional<PairPause.Paused> paused =
                views.stream()
                        .flatMap(v -> v.known().stream())
                        .filter(PairPause.Paused.class::isInstance)
                        .map(PairPause.Paused.class::cast)
                        .findFirst();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String view =
                    cell(
                            views.get(i),
                            v ->
                                    v instanceof PairPause.Paused p
                                            ? p.equals(paused.get()) ? "shows it" : p.toString()
                                            : v instanceof PairPause.NoTable
                                                    ? "no " + PairPauseTable.NAME
                                                    : paused.isPresent()
                                                            ? "not paused (it has not replayed it yet, or does not stream)"
                                                            : "not paused");
            seen.add(nodes.get(i).name() + "'s database: " + view);
        }
        boolean noTable =
                views.stream().anyMatch(v -> v.known().orElse(null) instanceof PairPause.NoTable);
        return Optional.of(
                "pair "
                        + paused.map(PairPause.Paused::toString)
                                .orElse(
                                        views.stream().allMatch(Observed::isKnown)
                                                ? "not paused"
                                                : "not known to be paused")
                        + " ("
                        + String.join("; ", seen)
                        + ")"
                        + (noTable
                                ? note(
                                        "without "
                                                + PairPauseTable.NAME
                                                + " the pair cannot be paused (fix: failover-watchdog check says how to make it)")
                                : ""));
    }

    private String lag(String node, PairListing.Lag lag) {
        if (lag instanceof PairListing.Lag.NotApplicable) return "-";
        if (lag instanceof PairListing.Lag.FromPrimary p) {
            return bytes(p.bytes())
                    + ", "
                    + seconds(p.seconds())
                    + ("streaming".equals(p.state()) ? "" : " " + p.state());
        }
        if (lag instanceof PairListing.Lag.NotStreaming ns) {
            return "not streaming"
                    + note(
                            node
                                    + " lag: not in "
                                    + ns.primary()
                                    + "'s pg_stat_replication: it does not stream from "
                                    + ns.primary());
        }
        PairListing.Lag.FromStandby s = (PairListing.Lag.FromStandby) lag;
        return "~"
                + bytes(s.receivedNotReplayedBytes())
                + ", "
                + seconds(s.sinceLastReplaySeconds())
                + note(
                        node
                                + " lag: its own view (WAL received but not replayed; age of the last replayed commit, which grows while the"
                                + " primary is idle), because "
                                + s.why());
    }

    private String router(PairListing.RouterCell r) {
        String answers = cell(r.answers(), a -> a.ok() ? "answers" : "no answer");
        return r.container().map(c -> cell(c, a -> a.detail()) + ", " + answers).orElse(answers);
    }

    private String registered(PairListing.Registered r) {
        List<String> off = new ArrayList<>();
        r.byType()
                .forEach(
                        (type, e) -> {
                            if (e.isEmpty()) off.add(type + " missing");
                            else if (!e.get().active()) off.add(type + " " + e.get().status());
                        });
        return r.active()
                + "/"
                + r.byType().size()
                + " ACTIVE"
                + (off.isEmpty() ? "" : " (" + String.join(", ", off) + ")");
    }

    private String flag(Observed<Answer> a, String label) {
        return cell(
                a,
                x ->
                        x.ok()
                                ? "yes"
                                        + (x.detail().isEmpty()
                                                ? ""
                                                : note(label + ": " + x.detail()))
                                : "no");
    }

    private <T> String cell(Observed<T> o, Function<T, String> known) {
        if (o instanceof Observed.Known<T> k) return known.apply(k.value());
        return "UNKNOWN"
                + note(
                        PairListing.reason(
                                o)); // the reasons name what they are about; one note for a reason
        // two cells share
    }

    private String note(String text) {
        return "[" + notes.computeIfAbsent(text, t -> notes.size() + 1) + "]";
    }

    private static String reach(Observed<Reach> r) {
        if (!(r instanceof Observed.Known<Reach> k))
            return "UNKNOWN whether it can be heard (" + PairListing.reason(r) + ")";
        return (k.value().silent() ? "silent" : "heard") + " (" + k.value().detail() + ")";
    }

    private static String sees(Observed<Answer> a, String peer) {
        if (!(a instanceof Observed.Known<Answer> k))
            return "UNKNOWN whether it sees " + peer + " (" + PairListing.reason(a) + ")";
        return (k.value().ok() ? "sees " : "does not see ")
                + peer
                + " ("
                + k.value().detail()
                + ")";
    }

    /** pg_size_pretty's units. */
    static String bytes(OptionalLong b) {
        if (b.isEmpty()) return "? B";
        long v = b.getAsLong();
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double x = v;
        int u = 0;
        while (Math.abs(x) >= 10 * 1024 && u < units.length - 1) {
            x /= 1024;
            u++;
        }
        return (u == 0 ? String.valueOf(v) : String.valueOf(Math.round(x))) + " " + units[u];
    }

    static String seconds(OptionalDouble s) {
        return s.isEmpty() ? "? s" : String.format("%.1f s", s.getAsDouble());
    }

    private static String age(Instant then, Instant now) {
        long s = Duration.between(then, now).toSeconds();
        return s >= 0 ? s + " s ago" : "in " + -s + " s (clock skew?)";
    }

    private static void table(StringBuilder sb, List<String[]> rows) {
        int[] width = new int[HEADER.length];
        for (String[] r : rows)
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < r.length; i++)
                l.append(
                        i == r.length - 1
                                ? r[i]
                                : String.format("%-" + (width[i] + 2) + "s", r[i]));
            sb.append(l.toString().stripTrailing()).append(System.lineSeparator());
        }
    }

    private static void line(StringBuilder sb, String label, String text) {
        sb.append(String.format("%-10s %s%n", label, text));
    }
}
