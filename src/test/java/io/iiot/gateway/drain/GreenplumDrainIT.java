package io.iiot.gateway.drain;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.testing.NatsServerExtension;
import io.iiot.gateway.testing.PostgresServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Greenplum/PostgreSQL drain over a real nats-server and PostgreSQL 15. */
class GreenplumDrainIT {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    @RegisterExtension
    static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

    @RegisterExtension
    final NatsServerExtension nats = new NatsServerExtension();

    private final java.util.Deque<AutoCloseable> open = new java.util.ArrayDeque<>();
    private final String schema = "drain_" + SCHEMAS.incrementAndGet();
    private Connection connection;
    private TelemetryFeed feed;

    @BeforeEach
    void connect() throws Exception {
        connection = Nats.connect(nats.url());
        feed = new TelemetryFeed(connection);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        connection.close();
    }

    private Map<String, String> settings(String dialect) {
        Map<String, String> settings = new HashMap<>();
        settings.put("greenplum.jdbc-url", POSTGRES.jdbcUrl());
        settings.put("greenplum.username", POSTGRES.user());
        settings.put("greenplum.schema", schema);
        settings.put("greenplum.dialect", dialect);
        settings.put("greenplum.batch-size", "200");
        settings.put("greenplum.batch-wait-ms", "100");
        settings.put("nats.drain.ack-wait-ms", "5000");
        settings.put("nats.drain.nak-delay-ms", "200");
        settings.put("nats.drain.max-deliver", "3");
        return settings;
    }

    private DrainRig drain(Map<String, String> settings) throws Exception {
        Connection own = Nats.connect(nats.url());
        DrainRig rig = DrainRig.start(own, settings, "jetstream-to-greenplum.camel.yaml");
        open.push(own);
        open.push(rig);
        return rig;
    }

    private GreenplumSink sink() {
        GreenplumSink sink = new GreenplumSink(new GreenplumSettings(POSTGRES.jdbcUrl(), POSTGRES.user(), "", schema,
                GreenplumSettings.Dialect.POSTGRES, LocalDate.parse("2026-01-01"), LocalDate.parse("2027-01-01")));
        open.push(sink);
        return sink;
    }

    private long query(String sql) throws SQLException {
        try (java.sql.Connection db = POSTGRES.server().openConnection();
                Statement statement = db.createStatement();
                ResultSet result = statement.executeQuery(sql.replace("{schema}", schema))) {
            result.next();
            return result.getLong(1);
        }
    }

    private long rows() {
        try {
            return query("SELECT count(*) FROM {schema}.measurements");
        } catch (SQLException e) {
            return -1; // not created yet, or the database is stopped
        }
    }

    private void awaitAllWritten(int expected) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> rows() == expected && feed.settled("greenplum-drain"));
        assertEquals(expected, query("SELECT count(DISTINCT msg_id) FROM {schema}.measurements"));
    }

    @Test
    void rowsHaveTheContractColumnsAndKeepValuesThatAreNotNumbers() throws Exception {
        drain(settings("postgres"));
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
    void aRedeliveryOfEveryMessageAddsNoRow() throws Exception {
        try (DrainRig first = DrainRig.start(connection, settings("postgres"), "jetstream-to-greenplum.camel.yaml")) {
            feed.publish("r", 0, 300);
            awaitAllWritten(300);
        }
        // the consumer forgets every acknowledgement: all 300 are delivered again
        connection.jetStreamManagement().deleteConsumer("TELEMETRY", "greenplum-drain");
        drain(settings("postgres"));
        await().atMost(Duration.ofSeconds(60)).until(() -> feed.settled("greenplum-drain"));
        assertEquals(300, rows());
    }

    @Test
    void aCrashBetweenCommitAndAckAddsNoRow() throws Exception {
        feed.publish("r", 0, 300);
        // an instance fetches 120 messages, commits them and dies before acknowledging
        connection.jetStreamManagement().addOrUpdateConsumer("TELEMETRY", io.nats.client.api.ConsumerConfiguration
                .builder().durable("greenplum-drain").ackWait(Duration.ofSeconds(2)).maxDeliver(-1).build());
        JetStreamSubscription crashed = connection.jetStream().subscribe(null,
                PullSubscribeOptions.bind("TELEMETRY", "greenplum-drain"));
        List<DrainMessage> fetched = new ArrayList<>();
        for (Message message : crashed.fetch(120, Duration.ofSeconds(5))) {
            fetched.add(new DrainMessage(message.getSubject(), message.getData(),
                    message.getHeaders().getFirst("Nats-Msg-Id"), message.metaData().streamSequence(), 1, null));
        }
        assertEquals(120, fetched.size());
        sink().write(new DrainBatch(fetched));
        crashed.unsubscribe();
        assertEquals(120, rows());

        drain(settings("postgres"));
        awaitAllWritten(300);
    }

    @Test
    void twoInstancesOnOneConsumerWriteEachMessageOnce() throws Exception {
        twoInstancesWriteEachMessageOnce(settings("postgres"));
    }

    @Test
    void twoInstancesWithTheGreenplumMoveWriteEachMessageOnce() throws Exception {
        // the greenplum dialect's DDL needs Greenplum; its load (COPY, lock, move new rows) runs on PostgreSQL too
        sink().write(new DrainBatch(List.of()));
        try (java.sql.Connection db = POSTGRES.server().openConnection(); Statement statement = db.createStatement()) {
            for (String sql : Script.load("sql/postgres/schema.sql", Map.of("schema", schema)).statements()) {
                statement.execute(sql.replace("PRIMARY KEY (ts, msg_id)", "stream_seq_check bigint"));
            }
        }
        twoInstancesWriteEachMessageOnce(settings("greenplum"));
    }

    private void twoInstancesWriteEachMessageOnce(Map<String, String> settings) throws Exception {
        settings.put("greenplum.consumers", "2");
        drain(settings);
        drain(settings);
        for (int i = 0; i < 4000; i += 500) {
            feed.publish("r", i, i + 500);
        }
        awaitAllWritten(4000);
        assertEquals(0, verify().status());
    }

    @Test
    void aDatabaseStoppedAndRestartedMidStreamLosesNothing() throws Exception {
        DrainRig rig = drain(settings("postgres"));
        feed.publish("r", 0, 500);
        await().atMost(Duration.ofSeconds(60)).until(() -> rows() == 500);

        POSTGRES.server().stop();
        feed.publish("r", 500, 1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> !healthy(rig));
        assertFalse(feed.settled("greenplum-drain"), "nothing written while the database is down is acknowledged");

        POSTGRES.server().start();
        awaitAllWritten(1000);
        assertTrue(healthy(rig));
        assertEquals(0, verify().status());
    }

    private static boolean healthy(DrainRig rig) {
        return HealthCheckHelper.invokeReadiness(rig.context()).stream()
                .filter(result -> result.getCheck().getId().equals("drain-greenplum"))
                .allMatch(result -> result.getState() == HealthCheck.State.UP);
    }

    @Test
    void aPoisonMessageEndsInTheDeadLetterQueueAfterMaxDeliverWhileTheRestFlows() throws Exception {
        drain(settings("postgres"));
        feed.publish("r", 0, 100);
        // PostgreSQL refuses a NUL character in text: this message can never be written
        feed.publish(TelemetryFeed.subject(7), TelemetryFeed.body(7).replace("\"mm/s\"", "\"mm\\u0000s\""),
                "poison").get();
        feed.publish("r", 100, 200);

        awaitAllWritten(200);
        assertEquals(1, feed.deadLetters());
        Message dead = connection.jetStreamManagement().getLastMessage("DEAD_LETTERS", "acme.munich.dlq.>") == null
                ? null
                : null;
        assertNull(dead);
        io.nats.client.api.MessageInfo letter = connection.jetStreamManagement().getLastMessage("DEAD_LETTERS",
                "acme.munich.dlq.greenplum_rejected");
        assertEquals("greenplum_rejected", letter.getHeaders().getFirst("Gateway-Dlq-Reason"));
        assertTrue(new String(letter.getData(), java.nio.charset.StandardCharsets.UTF_8).contains("mm\\u0000s"));
    }

    private VerifyRun verify() throws Exception {
        return VerifyRun.of("greenplum", List.of("nats.servers = " + nats.url(), "greenplum.jdbc-url = "
                + POSTGRES.jdbcUrl(), "greenplum.username = " + POSTGRES.user(), "greenplum.schema = " + schema));
    }

    @Test
    void verifyFindsEveryMessageOnceAndNamesARowDeletedByHand() throws Exception {
        drain(settings("postgres"));
        feed.publish("r", 0, 300);
        // not telemetry: dead-lettered at once, and not expected in the sink
        feed.publish(TelemetryFeed.subject(1), "not json", "garbage").get();
        awaitAllWritten(300);
        assertEquals(1, feed.deadLetters());
        VerifyRun clean = verify();
        assertEquals(0, clean.status(), clean.report());

        assertEquals(1, query("WITH gone AS (DELETE FROM {schema}.measurements WHERE msg_id = 'r-17' RETURNING 1) "
                + "SELECT count(*) FROM gone"));
        VerifyRun broken = verify();
        assertEquals(1, broken.status(), broken.report());
        assertTrue(broken.report().contains("missing: r-17"), broken.report());
    }

    @Test
    void aSinkWithoutJdbcUrlDoesNotStart() throws Exception {
        Map<String, String> settings = settings("postgres");
        settings.put("greenplum.jdbc-url", "");
        DrainRig rig = drain(settings);
        assertEquals(ServiceStatus.Stopped,
                rig.context().getRouteController().getRouteStatus("jetstream-to-greenplum"));
        feed.publish("r", 0, 10);
        assertTrue(connection.jetStreamManagement().getConsumerNames("TELEMETRY").isEmpty(),
                "no durable consumer is created for a sink that is not configured");
    }
}
