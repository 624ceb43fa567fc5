package org.failoverwatchdog.watchdog.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What pauses the pair, as far as this node can tell: today its own state file's pause (the peer's
 * state file is not read from here). A pair-wide pause, a record both nodes see, belongs here too:
 * the operator's commands refuse while anything of the pair is paused, since a paused watchdog
 * would leave its app layer where it is while the databases move.
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
        return out;
    }
}
