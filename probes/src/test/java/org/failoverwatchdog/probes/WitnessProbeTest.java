package org.failoverwatchdog.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WitnessProbeTest {
    private static final Duration L = Duration.ofMillis(40);

    private static Observed<RoleAndTimeline> parse(int exit, String out, String err) {
        return WitnessProbe.parsePeerDb("10.0.0.13", new WitnessProbe.Result(exit, out, err), L);
    }

    @Test
    void aPrimaryAndItsTimeline() {
        assertEquals(
                Optional.of(new RoleAndTimeline(DbRole.PRIMARY, 7)),
                parse(0, "primary 7\n", "").known());
        assertEquals(
                Optional.of(new RoleAndTimeline(DbRole.STANDBY, 0)),
                parse(0, "standby 0\n", "").known());
    }

    @Test
    void theWitnessUnableToReachThePeersDatabaseIsUnknownNotDown() {
        Observed<RoleAndTimeline> o =
                parse(2, "", "psql: error: connection to server at \"10.0.0.12\" timed out\n");
        assertTrue(o.describe().contains("cannot read the peer's database (exit 2: psql: error"));
    }

    @Test
    void anOldWrapperOrGarbageIsUnknownWithTheAnswer() {
        assertTrue(
                parse(126, "", "only pg_isready is allowed here")
                        .describe()
                        .contains("exit 126: only pg_isready is allowed here"));
        assertTrue(parse(0, "t|7\n", "").describe().contains("answered 't|7'"));
        assertTrue(parse(0, "primary 7\nprimary 8\n", "").describe().startsWith("UNKNOWN"));
    }
}
