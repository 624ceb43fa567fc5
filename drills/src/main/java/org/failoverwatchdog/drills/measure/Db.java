package org.failoverwatchdog.drills.measure;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.failoverwatchdog.drills.inventory.Inventory;
import org.failoverwatchdog.drills.inventory.Secrets;

/**
 * JDBC connections as the application user, with short timeouts everywhere: a drill talks to
 * databases that are being killed, and a hung connect must cost seconds, not minutes. The password
 * goes only into the driver's Properties.
 */
public final class Db {
    private final Inventory inv;

    public Db(Inventory inv) {
        this.inv = inv;
    }

    public Connection connect(String host, int port, int timeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", inv.database().user());
        try {
            p.setProperty("password", Secrets.password(inv, host, port));
        } catch (IOException e) {
            throw new SQLException("password: " + e.getMessage(), e);
        }
        p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("loginTimeout", Integer.toString(timeoutSeconds + 1));
        p.setProperty("socketTimeout", Integer.toString(timeoutSeconds + 1));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "failover-drill");
        // pgpool and a changing primary: no server-side prepared statements to go stale.
        p.setProperty("prepareThreshold", "0");
        return DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/" + inv.database().name(), p);
    }

    public Connection viaPgpool(Inventory.Node n) throws SQLException {
        return connect(n.address(), inv.database().pgpoolPort(), 2);
    }

    public Connection direct(Inventory.Node n) throws SQLException {
        return connect(n.address(), inv.database().postgresPort(), 1);
    }
}
