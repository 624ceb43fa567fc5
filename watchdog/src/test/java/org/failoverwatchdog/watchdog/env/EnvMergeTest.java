package org.failoverwatchdog.watchdog.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.probes.EnvFile;
import org.failoverwatchdog.watchdog.env.EnvMerge.HaKey;
import org.junit.jupiter.api.Test;

/** The deployment's keys over the current .env, never the watchdog's HA state. */
class EnvMergeTest {
    private static final String ENV = "/opt/stack/.env";
    private static final String CURRENT =
            """
            # written by an older role
            COMPOSE_PROFILES=ha-primary
            HA_ROUTER_IP=10.0.0.11

            NODE_IP=10.0.0.11
            JAVA_OPTS=-Xmx128m
            OPERATORS_OWN=kept
            """;
    private static final Map<HaKey, String> INITIAL =
            Map.of(HaKey.COMPOSE_PROFILES, "ha-secondary", HaKey.HA_ROUTER_IP, "10.0.0.12");

    private static EnvFile env(String text) throws Exception {
        return EnvFile.parse("t", text);
    }

    private static EnvMerge.Result merge(Optional<EnvFile> current, String desired)
            throws Exception {
        return EnvMerge.merge(ENV, current, "desired.env", env(desired), INITIAL);
    }

    @Test
    void setsTheDesiredKeysKeepsTheRestAndNeverTouchesTheHaState() throws Exception {
        EnvMerge.Result r =
                merge(
                        Optional.of(env(CURRENT)),
                        "# desired\nNODE_IP=10.0.0.11\nJAVA_OPTS=-Xmx256m -XX:+UseSerialGC\nNEW_KEY=1\n");
        assertEquals(List.of("JAVA_OPTS", "NEW_KEY"), r.changedKeys());
        assertTrue(r.changed());
        assertFalse(r.created());
        assertEquals(
                CURRENT.replace("JAVA_OPTS=-Xmx128m", "JAVA_OPTS=-Xmx256m -XX:+UseSerialGC")
                        + "NEW_KEY=1\n",
                r.next().render(),
                "in place, comments and order kept, the new key appended, the HA keys as they were"
                        + " (the initial values are for a .env that has none)");
    }

    @Test
    void nothingChangesWhenEveryValueIsAlreadySetHoweverItIsQuoted() throws Exception {
        EnvMerge.Result r =
                merge(Optional.of(env(CURRENT)), "NODE_IP=\"10.0.0.11\"\nJAVA_OPTS='-Xmx128m'\n");
        assertFalse(r.changed());
        assertEquals(List.of(), r.changedKeys());
        assertEquals(CURRENT, r.next().render());
    }

    @Test
    void aNewEnvIsTheDesiredFileWithTheInitialHaState() throws Exception {
        EnvMerge.Result r = merge(Optional.empty(), "# the stack\nNODE_IP=10.0.0.12\n");
        assertTrue(r.created());
        assertEquals(List.of("NODE_IP", "COMPOSE_PROFILES", "HA_ROUTER_IP"), r.changedKeys());
        assertEquals(
                "# the stack\nNODE_IP=10.0.0.12\nCOMPOSE_PROFILES=ha-secondary\nHA_ROUTER_IP=10.0.0.12\n",
                r.next().render());
    }

    @Test
    void anHaKeyTheEnvLacksIsSetFromItsInitialValueOnly() throws Exception {
        EnvMerge.Result r =
                merge(Optional.of(env("COMPOSE_PROFILES=ha-primary\nNODE_IP=10.0.0.11\n")), "");
        assertEquals(List.of("HA_ROUTER_IP"), r.changedKeys());
        assertEquals(Optional.of("ha-primary"), r.next().get("COMPOSE_PROFILES"));
        assertEquals(Optional.of("10.0.0.12"), r.next().get("HA_ROUTER_IP"));
    }

    @Test
    void theWatchdogsKeysInTheDesiredFileAreRefusedByNameAndLine() throws Exception {
        for (HaKey k : HaKey.values()) {
            EnvMerge.RefusedException e =
                    assertThrows(
                            EnvMerge.RefusedException.class,
                            () ->
                                    merge(
                                            Optional.of(env(CURRENT)),
                                            "# c\nNODE_IP=10.0.0.11\n" + k + "=x\n"));
            assertTrue(
                    e.getMessage()
                            .startsWith("desired.env:3: " + k + " is the watchdog's HA state"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("(fix: remove the line"), e.getMessage());
        }
    }

    @Test
    void aNewEnvWithoutAnInitialValueIsRefusedNamingTheKeyAndTheFix() throws Exception {
        EnvMerge.RefusedException e =
                assertThrows(
                        EnvMerge.RefusedException.class,
                        () ->
                                EnvMerge.merge(
                                        ENV,
                                        Optional.empty(),
                                        "desired.env",
                                        env("NODE_IP=10.0.0.11\n"),
                                        Map.of(HaKey.COMPOSE_PROFILES, "ha-primary")));
        assertEquals(
                ENV
                        + ": is new and has no HA_ROUTER_IP, and no --initial HA_ROUTER_IP was given; nothing written"
                        + " (fix: give --initial HA_ROUTER_IP=<the primary's address>; the Ansible role derives it from"
                        + " the databases, or from failover_watchdog_initial_primary)",
                e.getMessage());
    }

    @Test
    void theChangedKeysNeverCarryAValue() throws Exception {
        EnvMerge.Result r = merge(Optional.of(env(CURRENT)), "SECRETISH=s3cr3t-value\n");
        assertEquals(List.of("SECRETISH"), r.changedKeys());
        assertFalse(r.changedKeys().toString().contains("s3cr3t"));
    }
}
