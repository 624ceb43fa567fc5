package org.failoverwatchdog.drills.measure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One row the MASTER scheduler of a service type wrote: which node, which type, when. */
public record HeartbeatRow(String node, String service, Instant at) {
    /**
     * The rows one database holds for a time range: the final primary's at the end of an iteration,
     * or a diverged old primary's before it is rewound (its rows never reach the final primary).
     */
    public static List<HeartbeatRow> read(Connection c, Instant from, Instant to)
            throws SQLException {
        List<HeartbeatRow> rows = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT node, service, at FROM heartbeat WHERE at >= ? AND at <= ? ORDER BY at")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    rows.add(
                            new HeartbeatRow(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getTimestamp(3).toInstant()));
            }
        }
        return rows;
    }
}
