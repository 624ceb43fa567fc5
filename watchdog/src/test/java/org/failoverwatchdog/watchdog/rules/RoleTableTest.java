package org.failoverwatchdog.watchdog.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.failoverwatchdog.probes.DbRole;
import org.failoverwatchdog.watchdog.rules.RoleTable.LocalRouter;
import org.failoverwatchdog.watchdog.rules.RoleTable.RouterIp;
import org.failoverwatchdog.watchdog.rules.RoleTable.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rule 1's table, row by row ("*": any value). The rows must cover every situation exactly once.
 */
class RoleTableTest {
    static final String TABLE =
            """
            # DB,     app,       HA_ROUTER_IP, local router, verdict
            PRIMARY,  SECONDARY, *,            *,            PROMOTE_PROFILE
            PRIMARY,  PRIMARY,   PEER,         *,            PROMOTE_ROUTER_IP
            PRIMARY,  PRIMARY,   ELSEWHERE,    *,            PROMOTE_ROUTER_IP
            PRIMARY,  PRIMARY,   SELF,         NONE,         ENSURE_ROUTER
            PRIMARY,  PRIMARY,   SELF,         UNKNOWN,      CONTAINERS_UNKNOWN
            PRIMARY,  PRIMARY,   SELF,         RUNNING,      FOLLOWS
            PRIMARY,  PRIMARY,   SELF,         RESTARTING,   FOLLOWS
            STANDBY,  PRIMARY,   *,            *,            DEMOTE_PROFILE
            STANDBY,  SECONDARY, SELF,         *,            DEMOTE_ROUTER_IP
            STANDBY,  SECONDARY, ELSEWHERE,    *,            DEMOTE_ROUTER_IP
            STANDBY,  SECONDARY, PEER,         RUNNING,      DEMOTE_ROUTER_HERE
            STANDBY,  SECONDARY, PEER,         RESTARTING,   FOLLOWS
            STANDBY,  SECONDARY, PEER,         NONE,         FOLLOWS
            STANDBY,  SECONDARY, PEER,         UNKNOWN,      FOLLOWS
            """;

    @ParameterizedTest(name = "{0} x {1} x {2} x {3} -> {4}")
    @CsvSource(textBlock = TABLE)
    void eachRowOfTheTable(String db, String app, String ip, String router, Verdict expected) {
        for (List<String> row : expand(db, app, ip, router)) {
            assertEquals(expected, verdict(row), row.toString());
        }
    }

    @Test
    void theRowsCoverEverySituationOnce() {
        Map<List<String>, Integer> seen = new HashMap<>();
        for (String line : TABLE.strip().split("\n")) {
            if (line.startsWith("#")) continue;
            String[] f = Arrays.stream(line.split(",")).map(String::strip).toArray(String[]::new);
            for (List<String> row : expand(f[0], f[1], f[2], f[3]))
                seen.merge(row, 1, Integer::sum);
        }
        int all =
                2
                        * AppRole.values().length
                        * RouterIp.values().length
                        * LocalRouter.values().length;
        assertEquals(all, seen.size(), "every combination listed");
        assertTrue(
                seen.values().stream().allMatch(n -> n == 1),
                "no combination listed twice: " + seen);
    }

    @Test
    void aDatabaseThatIsNotPrimaryReadsAsAStandby() {
        for (List<String> row : expand("STANDBY", "*", "*", "*")) {
            List<String> down = new ArrayList<>(row);
            down.set(0, "DOWN");
            assertEquals(verdict(row), verdict(down), row.toString());
        }
    }

    private static Verdict verdict(List<String> row) {
        return RoleTable.verdict(
                DbRole.valueOf(row.get(0)),
                AppRole.valueOf(row.get(1)),
                RouterIp.valueOf(row.get(2)),
                LocalRouter.valueOf(row.get(3)));
    }

    /** Every concrete row a row with wildcards stands for. */
    private static List<List<String>> expand(String db, String app, String ip, String router) {
        List<List<String>> rows = List.of(List.of());
        rows = times(rows, db, List.of("PRIMARY", "STANDBY"));
        rows = times(rows, app, names(AppRole.values()));
        rows = times(rows, ip, names(RouterIp.values()));
        return times(rows, router, names(LocalRouter.values()));
    }

    private static List<List<String>> times(
            List<List<String>> rows, String value, List<String> all) {
        List<String> values = value.equals("*") ? all : List.of(value);
        List<List<String>> out = new ArrayList<>();
        for (List<String> r : rows) {
            for (String v : values) {
                List<String> n = new ArrayList<>(r);
                n.add(v);
                out.add(n);
            }
        }
        return out;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
