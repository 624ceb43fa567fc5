package org.failoverwatchdog.watchdog.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.failoverwatchdog.probes.Answer;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.probes.DbState;
import org.failoverwatchdog.probes.EnvValues;
import org.failoverwatchdog.probes.Observed;
import org.failoverwatchdog.probes.RouterView;
import org.failoverwatchdog.watchdog.config.WatchdogConfig;
import org.failoverwatchdog.watchdog.rules.AppRole;

/**
 * The gates an operator's command waits on after repmgr, each a pure function of one read of the
 * pair ({@link PairSnapshot}) from the new primary (this node): it holds, or not with what was
 * seen.
 */
final class HandoverGates {
    private HandoverGates() {}

    enum Gate {
        /** This node's database answers as primary (the failover). */
        DB_PRIMARY("database primary"),
        /** ... and the old primary's answers as a standby streaming from it (the switchover). */
        DB_SETTLED("databases settled"),
        /** This node's app layer: primary .env, its router answers, its types ACTIVE there. */
        NEW_APP_ACTIVE("new app layer active"),
        /** The old primary's app layer: no router on its address, its types ACTIVE here. */
        OLD_DEMOTED("old primary demoted");

        final String what;

        Gate(String what) {
            this.what = what;
        }

        String wire() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** A gate's verdict on one read: held or not, and what was seen either way. */
    record Seen(Gate gate, boolean held, String seen) {}

    static Seen check(Gate g, WatchdogConfig c, PairSnapshot s) {
        return switch (g) {
            case DB_PRIMARY -> dbPrimary(c, s);
            case DB_SETTLED -> dbSettled(c, s);
            case NEW_APP_ACTIVE -> newAppActive(c, s);
            case OLD_DEMOTED -> oldDemoted(c, s);
        };
    }

    private static Seen dbPrimary(WatchdogConfig c, PairSnapshot s) {
        Observed<DbState> db = s.obs().db();
        boolean held = db.known().map(d -> d.role() == DbRole.PRIMARY).orElse(false);
        return new Seen(
                Gate.DB_PRIMARY,
                held,
                c.node().name()
                        + "'s database "
                        + db.known()
                                .map(d -> d.role() + " (timeline " + d.timeline() + ")")
                                .orElse(PairListing.reason(db)));
    }

    private static Seen dbSettled(WatchdogConfig c, PairSnapshot s) {
        Seen primary = dbPrimary(c, s);
        PairListing.NodeRow peer = PairListing.of(c, s).nodes().get(1);
        boolean streams =
                peer.db().known().map(d -> d.role() == DbRole.STANDBY).orElse(false)
                        && peer.lag().known().orElse(null) instanceof PairListing.Lag.FromPrimary fp
                        && fp.primary().equals(c.node().name())
                        && "streaming".equals(fp.state());
        String old =
                c.peer().name()
                        + "'s database "
                        + peer.db()
                                .known()
                                .map(d -> d.role().toString())
                                .orElse(PairListing.reason(peer.db()))
                        + (streams
                                ? ", streaming from " + c.node().name()
                                : peer.db()
                                                .known()
                                                .map(d -> d.role() == DbRole.STANDBY)
                                                .orElse(false)
                                        ? ", not yet streaming from " + c.node().name()
                                        : "");
        return new Seen(Gate.DB_SETTLED, primary.held() && streams, primary.seen() + "; " + old);
    }

    private static Seen newAppActive(WatchdogConfig c, PairSnapshot s) {
        List<String> missing = new ArrayList<>();
        String self = c.node().ip();
        Optional<EnvValues> env = s.obs().env().known();
        if (env.isEmpty()) missing.add(".env " + PairListing.reason(s.obs().env()));
        else {
            Optional<AppRole> role = AppRole.of(c, env.get().profiles().orElse(""));
            if (role.orElse(null) != AppRole.PRIMARY)
                missing.add("COMPOSE_PROFILES=" + env.get().profiles().orElse(""));
            if (!env.get().haRouterIp().orElse("").equals(self))
                missing.add("HA_ROUTER_IP=" + env.get().haRouterIp().orElse("(unset)"));
        }
        Optional<RouterView> router = s.selfRouter().known();
        if (router.orElse(null) instanceof RouterView.Registry reg) {
            List<String> types = new ArrayList<>();
            for (String t : new java.util.TreeSet<>(c.router().serviceTypes().keySet()))
                if (!reg.hasActive(t, self)) types.add(t);
            if (!types.isEmpty())
                missing.add("not ACTIVE in its router: " + String.join(", ", types));
        } else {
            missing.add(
                    "its router "
                            + router.map(
                                            v ->
                                                    "does not answer ("
                                                            + ((RouterView.Unreachable) v).reason()
                                                            + ")")
                                    .orElse(PairListing.reason(s.selfRouter())));
        }
        Observed<Answer> pooler = s.obs().pooler();
        if (!pooler.known().map(Answer::ok).orElse(false))
            missing.add("the pooler does not serve: " + pooler.describe());
        boolean held = missing.isEmpty();
        return new Seen(
                Gate.NEW_APP_ACTIVE,
                held,
                c.node().name()
                        + (held
                                ? ": primary app layer, every type ACTIVE in its router, the pooler serves"
                                : ": " + String.join("; ", missing)));
    }

    private static Seen oldDemoted(WatchdogConfig c, PairSnapshot s) {
        List<String> missing = new ArrayList<>();
        Observed<RouterView> peerRouter = s.obs().peerRouter();
        if (!(peerRouter.known().orElse(null) instanceof RouterView.Unreachable))
            missing.add(
                    peerRouter.isKnown()
                            ? "a router still answers on its address"
                            : "its router: " + PairListing.reason(peerRouter));
        if (s.selfRouter().known().orElse(null) instanceof RouterView.Registry reg) {
            List<String> types = new ArrayList<>();
            for (String t : new java.util.TreeSet<>(c.router().serviceTypes().keySet()))
                if (!reg.hasActive(t, c.peer().ip())) types.add(t);
            if (!types.isEmpty())
                missing.add(
                        "not ACTIVE in "
                                + c.node().name()
                                + "'s router: "
                                + String.join(", ", types));
        } else {
            missing.add(c.node().name() + "'s router cannot be read: " + s.selfRouter().describe());
        }
        boolean held = missing.isEmpty();
        return new Seen(
                Gate.OLD_DEMOTED,
                held,
                c.peer().name()
                        + (held
                                ? ": no router on its address, every type ACTIVE in "
                                        + c.node().name()
                                        + "'s router"
                                : ": " + String.join("; ", missing)));
    }
}
