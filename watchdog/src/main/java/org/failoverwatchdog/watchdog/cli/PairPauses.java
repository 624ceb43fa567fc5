package org.failoverwatchdog.watchdog.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.PairPause;

/**
 * What pauses the pair, as far as this node can tell: its own state file's pause (`pause --node`;
 * the peer's state file is not read from here), and the pair's pause (`pause`, the row in
 * failover_watchdog.pause) as this node's tick reads it and as each database shows it, since each
 * watchdog goes by its own database's copy (one that has not replayed a resume yet still holds its
 * watchdog). The operator's commands refuse while anything of the pair is paused, since a paused
 * watchdog would leave its app layer where it is while the databases move; also while this node's
 * tick cannot read the pair's pause (it then acts only to fence). The peer's database that cannot
 * be read is left to the other checks: after a failover's loss of the primary it never can be.
 */
final class PairPauses {
    private PairPauses() {}

    /** Each pause in force, as a phrase for a refusal; empty when nothing is paused. */
    static List<String> of(PairSnapshot s) {
        List<String> out = new ArrayList<>();
        s.state()
                .known()
                .flatMap(st -> st.paused())
                .ifPresent(
                        p ->
                                out.add(
                                        "this node's watchdog is paused since "
                                                + p.since()
                                                + " ("
                                                + p.reason()
                                                + ")"));
        Observed<PairPause> tick = s.obs().pairPause();
        if (tick instanceof Observed.Unknown<PairPause> u)
            out.add(
                    "the pair's pause cannot be read ("
                            + u.reason()
                            + "): this node's watchdog acts only to fence until it can");
        // Each distinct pause, with the databases that show it.
        Map<PairPause.Paused, List<String>> shownBy = new LinkedHashMap<>();
        if (tick.known().orElse(null) instanceof PairPause.Paused p)
            shownBy.computeIfAbsent(p, x -> new ArrayList<>());
        for (PairListing.Side side : PairListing.Side.values()) {
            Observed<PairPause> v = s.pairPause().get(side);
            if (v != null && v.known().orElse(null) instanceof PairPause.Paused p)
                shownBy.computeIfAbsent(p, x -> new ArrayList<>())
                        .add(side == PairListing.Side.SELF ? "this node's" : "the peer's");
        }
        shownBy.forEach(
                (p, where) ->
                        out.add(
                                "the pair is "
                                        + p
                                        + (where.isEmpty()
                                                ? " (as this node's tick reads it)"
                                                : " ("
                                                        + String.join(" and ", where)
                                                        + (where.size() > 1
                                                                ? " databases)"
                                                                : " database)"))
                                        + ": `failover-watchdog resume` ends it"));
        return out;
    }
}
