package io.iiot.gateway.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.testing.PostgresServerExtension;
import io.iiot.gateway.testing.TestServer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Greenplum/PostgreSQL drain over a real nats-server and PostgreSQL 15 ({@link SinkDrainTests}, and what only
 * this sink has). There is no Greenplum here: the greenplum dialect's DDL is checked as text
 * ({@link GreenplumSettingsTest}), its load runs on PostgreSQL.
 */
class GreenplumDrainIT extends SinkDrainTests {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    @RegisterExtension
    static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

    private final String schema = "drain_" + SCHEMAS.incrementAndGet();

    @Override
    String sink() {
        return "greenplum";
    }

    @Override
    String connectionKey() {
        return "greenplum.jdbc-url";
    }

    @Override
    Map<String, String> sinkSettings() {
        return Map.of("greenplum.jdbc-url", POSTGRES.jdbcUrl(), "greenplum.username", POSTGRES.user(),
                "greenplum.schema", schema, "greenplum.dialect", "postgres");
    }

    @Override
    List<String> verifySettings() {
        return List.of("greenplum.jdbc-url = " + POSTGRES.jdbcUrl(), "greenplum.username = " + POSTGRES.user(),
                "greenplum.schema = " + schema);
    }

    private long query(String sql) throws SQLException {
        try (java.sql.Connection db = POSTGRES.server().openConnection();
                Statement statement = db.createStatement();
                ResultSet result = statement.executeQuery(sql.replace("{schema}", schema))) {
            result.next();
            return result.getLong(1);
        }
    }

    @Override
    long rows() {
        try {
            return query("SELECT count(*) FROM {schema}.measurements");
        } catch (SQLException e) {
            return -1; // not created yet, or the database is stopped
        }
    }

    @Override
    long messages() throws SQLException {
        return query("SELECT count(DISTINCT msg_id) FROM {schema}.measurements");
    }

    @Override
    GreenplumSink newSink() {
        return new GreenplumSink(new GreenplumSettings(POSTGRES.jdbcUrl(), POSTGRES.user(), "", schema,
                GreenplumSettings.Dialect.POSTGRES, LocalDate.parse("2026-01-01"), LocalDate.parse("2027-01-01")));
    }

    @Override
    void deleteByHand(int i) throws SQLException {
        assertEquals(1, query("WITH gone AS (DELETE FROM {schema}.measurements WHERE msg_id = '"
                + TelemetryFeed.messageId("r", i) + "' RETURNING 1) SELECT count(*) FROM gone"));
    }

    @Override
    TestServer database() {
        return POSTGRES.server();
    }

    @Override
    int publishPoison() throws Exception {
        // PostgreSQL refuses a NUL character in text: this message can never be written
        feed.publish(TelemetryFeed.subject(7), TelemetryFeed.body(7).replace("\"mm/s\"", "\"mm\\u0000s\""),
                "poison").get();
        return 1;
    }

    @Test
    void rowsHaveTheContractColumnsAndKeepValuesThatAreNotNumbers() throws Exception {
        drain(settings());
        feed.publish("r", 0, 100);
        awaitAllWritten(100);
        try (java.sql.Connection db = POSTGRES.server().openConnection();
                Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT org, site, area, line, machine, sensor, metric, ts, "
                        + "value, value_text, unit, quality, msg_id FROM " + schema
                        + ".measurements WHERE msg_id IN ('r-3', 'r-4', 'r-5') ORDER BY msg_id")) {
            assertTrue(row.next());
            assertEquals(List.of("acme", "munich", "hall-a", "line-1", "cnc-003", "spindle", "speed"),
                    List.of(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                            row.getString(6), row.getString(7)));
            assertEquals(TelemetryFeed.START.plusMillis(300), row.getTimestamp(8).toInstant());
            assertNull(row.getObject(9), "a string value has no number");
            assertEquals("RUNNING", row.getString(10));
            assertEquals(List.of("mm/s", "good", "r-3"), List.of(row.getString(11), row.getString(12),
                    row.getString(13)));
            assertTrue(row.next());
            assertEquals("vibration.rms", row.getString(7));
            assertEquals(2.0, row.getDouble(9));
            assertNull(row.getString(10));
            assertTrue(row.next());
            assertEquals(1.0, row.getDouble(9), "a boolean is 1 or 0");
            assertEquals("true", row.getString(10));
        }
    }

    @Test
    void twoInstancesWithTheGreenplumMoveWriteEachMessageOnce() throws Exception {
        // the greenplum dialect's DDL needs Greenplum; its load (COPY, lock, move new rows) runs on PostgreSQL too,
        // into the postgres table without its primary key
        try (java.sql.Connection db = POSTGRES.server().openConnection(); Statement statement = db.createStatement()) {
            for (String sql : Script.load("sql/postgres/schema.sql", Map.of("schema", schema)).statements()) {
                statement.execute(sql.replace("PRIMARY KEY (ts, msg_id)", "stream_seq_check bigint"));
            }
        }
        Map<String, String> settings = settings();
        settings.put("greenplum.dialect", "greenplum");
        twoInstancesWriteEachMessageOnce(settings);
    }

    @Test
    void messagesThatAreNotTelemetryAreDeadLetteredAtOnceAndVerifyDoesNotExpectThem() throws Exception {
        drain(settings());
        feed.publish("r", 0, 300);
        feed.publish(TelemetryFeed.subject(1), "not json", "garbage").get();
        awaitAllWritten(300);
        assertEquals(1, feed.deadLetters());
        assertVerifyFindsNoDifference();
    }
}
