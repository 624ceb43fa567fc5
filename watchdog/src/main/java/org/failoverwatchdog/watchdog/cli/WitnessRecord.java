package org.failoverwatchdog.watchdog.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The witness's repmgr record as `repmgr cluster show` prints it, against the running primary's:
 * repmgrd on a standby that loses its primary asks the witness only when the witness's upstream is
 * that primary. A record left on the other node (a registration made while it was primary, not
 * moved by a failover since) counts for nothing, and the standby promotes itself across a cut
 * between the nodes.
 *
 * @param witness the witness's node name
 * @param upstream the witness's upstream as recorded ("" when none)
 * @param primary the node running as primary ("* running"), "" when none or several
 */
record WitnessRecord(String witness, String upstream, String primary) {

    boolean stale() {
        return !primary.isEmpty() && !upstream.equals(primary);
    }

    /**
     * Reads the table: its header names the columns. Empty when the output has no witness row or no
     * header (repmgr failed, or an unknown format).
     */
    static Optional<WitnessRecord> parse(List<String> lines) {
        List<String> header = null;
        String witness = null, upstream = null;
        List<String> primaries = new ArrayList<>();
        for (String line : lines) {
            if (!line.contains("|")) continue;
            List<String> cells = cells(line);
            if (header == null) {
                if (cells.contains("Name") && cells.contains("Role") && cells.contains("Upstream"))
                    header = cells;
                continue;
            }
            if (cells.size() < header.size()) continue;
            String name = cells.get(header.indexOf("Name"));
            String role = cells.get(header.indexOf("Role"));
            String status = header.contains("Status") ? cells.get(header.indexOf("Status")) : "";
            if (role.equals("witness")) {
                witness = name;
                upstream = cells.get(header.indexOf("Upstream"));
            } else if (role.equals("primary") && status.equals("* running")) {
                primaries.add(name);
            }
        }
        if (witness == null) return Optional.empty();
        // repmgr marks an upstream it cannot reach with a '?' or '!' before the name.
        String up = upstream.replaceFirst("^[?!]\\s*", "");
        return Optional.of(
                new WitnessRecord(witness, up, primaries.size() == 1 ? primaries.get(0) : ""));
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String c : line.split("\\|", -1)) out.add(c.strip());
        return out;
    }
}
