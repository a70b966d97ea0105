package io.iiot.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresServerIT {

    @RegisterExtension
    static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

    @Test
    void runsPostgreSql15() throws Exception {
        try (Connection db = connect();
                Statement statement = db.createStatement();
                ResultSet version = statement.executeQuery("SHOW server_version")) {
            assertTrue(version.next());
            assertTrue(version.getString(1).startsWith("15"), version.getString(1));
        }
    }

    @Test
    void roundTripsARowInTheGatewayDatabase() throws Exception {
        try (Connection db = connect(); Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE reading (tag text PRIMARY KEY, value double precision)");
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO reading VALUES (?, ?)")) {
                insert.setString(1, "line1.temperature");
                insert.setDouble(2, 21.5);
                insert.executeUpdate();
            }

            try (ResultSet row = statement.executeQuery("SELECT current_database(), tag, value FROM reading")) {
                assertTrue(row.next());
                assertEquals("gateway", row.getString(1));
                assertEquals("line1.temperature", row.getString(2));
                assertEquals(21.5, row.getDouble(3));
            }
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(POSTGRES.jdbcUrl(), POSTGRES.user(), "");
    }
}
