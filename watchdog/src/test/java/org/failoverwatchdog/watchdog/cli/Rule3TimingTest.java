package org.failoverwatchdog.watchdog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which acts first when the primary's node is lost, Rule 3 here or repmgr, and what check says it
 * means.
 */
class Rule3TimingTest {

    @Test
    void withTheDefaultsRule3ComesFirstAndThePlanWaitsOnThePoolerByDesign() throws Exception {
        Rule3Timing t =
                Rule3Timing.of(
                        FenceTimingTest.config(""), RepmgrConf.parse("failover=automatic\n"));
        assertEquals(Rule3Timing.First.RULE3, t.first());
        assertEquals(Optional.of(Duration.ofSeconds(62)), t.repmgrAt());
        assertEquals(
                Optional.of(Duration.ofSeconds(92)),
                t.poolerWait(),
                "2 s, then 90 s after recreating pgpool");
        assertEquals(
                "Rule 3 comes before repmgr: router_absent 5 s < repmgr's earliest promotion 62 s (monitor_interval_secs 2 + reconnect_attempts 6"
                        + " x reconnect_interval 10 s). When the primary's node is lost, this node's app layer is promoted before its database, and the promote"
                        + " plan waits on the pooler gate (up to 92 s) until repmgr promotes; by design",
                t.note());
    }

    @Test
    void aPoolerGateThatCanEndBeforeRepmgrPromotesIsSaidWithWhatFollows() throws Exception {
        String slowRepmgr = "failover=automatic\nreconnect_attempts=12\nreconnect_interval=10\n";
        Rule3Timing t = Rule3Timing.of(FenceTimingTest.config(""), RepmgrConf.parse(slowRepmgr));
        assertEquals(Rule3Timing.First.RULE3, t.first());
        assertTrue(
                t.note()
                        .endsWith(
                                "; the gate can end 97 s after the loss, before repmgr's earliest promotion: the promote then fails at the gate"
                                        + " and the next tick resumes it (a longer remedy_deadline on the pooler gate avoids the retry)"),
                t.note());
    }

    @Test
    void aFastRepmgrComesFirstAndAManualOneNever() throws Exception {
        Rule3Timing lab =
                Rule3Timing.of(
                        FenceTimingTest.config("thresholds: {router_absent: 10s}\n"),
                        RepmgrConf.parse(FenceTimingTest.LAB_REPMGR));
        assertEquals(Rule3Timing.First.REPMGR, lab.first());
        assertTrue(
                lab.note()
                        .startsWith(
                                "repmgr comes before Rule 3: its earliest promotion 7 s (monitor_interval_secs 1 + reconnect_attempts 3"
                                        + " x reconnect_interval 2 s) <= router_absent 10 s."),
                lab.note());
        Rule3Timing manual =
                Rule3Timing.of(FenceTimingTest.config(""), RepmgrConf.parse("node_id=1\n"));
        assertEquals(Rule3Timing.First.REPMGR_NEVER, manual.first());
        assertTrue(
                manual.note().contains("for an operator to promote the database"), manual.note());
        assertFalse(manual.note().contains("the gate can end"), manual.note());
    }

    @Test
    void aPromotePlanWithoutAPoolerGateIsSaid() throws Exception {
        Rule3Timing t =
                Rule3Timing.of(
                        FenceTimingTest.config("plans: {promote: [{start: [edge]}]}\n"),
                        RepmgrConf.parse("failover=automatic\n"));
        assertTrue(t.poolerWait().isEmpty());
        assertTrue(
                t.note()
                        .contains(
                                "has no pooler gate, so it starts the app layer against a pooler that may not serve yet"),
                t.note());
    }
}
