package io.iiot.gateway.drain;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import io.iiot.gateway.testing.CassandraExtension;
import io.iiot.gateway.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Cassandra drain over a real nats-server and a Cassandra 5 node. */
class CassandraDrainIT {

    private static final AtomicInteger KEYSPACES = new AtomicInteger();

    @RegisterExtension
    static final CassandraExtension CASSANDRA = new CassandraExtension();

    @RegisterExtension
    final NatsServerExtension nats = new NatsServerExtension();

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final String keyspace = "drain_" + KEYSPACES.incrementAndGet();
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

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("cassandra.contact-points", CASSANDRA.node().host() + ":" + CASSANDRA.node().port());
        settings.put("cassandra.local-datacenter", CASSANDRA.node().localDatacenter());
        settings.put("cassandra.keyspace", keyspace);
        settings.put("cassandra.ttl-seconds", "86400");
        settings.put("cassandra.batch-size", "200");
        settings.put("cassandra.batch-wait-ms", "100");
        settings.put("nats.drain.ack-wait-ms", "10000");
        return settings;
    }

    private DrainRig drain() throws Exception {
        Connection own = Nats.connect(nats.url());
        DrainRig rig = DrainRig.start(own, settings(), "jetstream-to-cassandra.camel.yaml");
        open.push(own);
        open.push(rig);
        return rig;
    }

    private long rows() {
        try {
            return CASSANDRA.session().execute("SELECT count(*) FROM " + keyspace + ".measurements").one().getLong(0);
        } catch (RuntimeException e) {
            return -1; // not created yet
        }
    }

    private Row row(String msgId, int i) {
        String[] subject = TelemetryFeed.subject(i).split("\\.", 7);
        return CASSANDRA.session().execute("SELECT * FROM " + keyspace + ".measurements WHERE org = ? AND site = ? "
                + "AND machine = ? AND sensor = ? AND metric = ? AND bucket = ? AND ts = ? AND msg_id = ?",
                subject[0], subject[1], subject[4], subject[5], subject[6],
                LocalDate.ofInstant(TelemetryFeed.START.plusMillis(i * 100L), java.time.ZoneOffset.UTC),
                TelemetryFeed.START.plusMillis(i * 100L), msgId).one();
    }

    @Test
    void rowsHaveTheContractColumnsInPartitionsByMachineMetricAndDay() throws Exception {
        drain();
        feed.publish("r", 0, 100);
        await().atMost(Duration.ofSeconds(60)).until(() -> rows() == 100 && feed.settled("cassandra-drain"));
        Row text = row("r-3", 3);
        assertEquals(List.of("hall-a", "line-1", "RUNNING", "mm/s", "good"), List.of(text.getString("area"),
                text.getString("line"), text.getString("value_text"), text.getString("unit"),
                text.getString("quality")));
        assertTrue(text.isNull("value"), "a string value has no number");
        Row number = row("r-4", 4);
        assertEquals(2.0, number.getDouble("value"));
        assertNull(number.getString("value_text"));
        Row ttl = CASSANDRA.session().execute("SELECT TTL(unit) FROM " + keyspace + ".measurements LIMIT 1").one();
        assertTrue(ttl.getInt(0) > 86000, "rows expire after cassandra.ttl-seconds");
    }

    @Test
    void aRedeliveryOfEveryMessageAddsNoRow() throws Exception {
        try (DrainRig first = DrainRig.start(connection, settings(), "jetstream-to-cassandra.camel.yaml")) {
            feed.publish("r", 0, 300);
            await().atMost(Duration.ofSeconds(60)).until(() -> rows() == 300 && feed.settled("cassandra-drain"));
        }
        connection.jetStreamManagement().deleteConsumer("TELEMETRY", "cassandra-drain");
        drain();
        await().atMost(Duration.ofSeconds(60)).until(() -> feed.settled("cassandra-drain"));
        assertEquals(300, rows());
    }

    @Test
    void twoInstancesOnOneConsumerWriteEachMessageOnceAndVerifyAgrees() throws Exception {
        drain();
        drain();
        for (int i = 0; i < 2000; i += 500) {
            feed.publish("r", i, i + 500);
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> rows() == 2000 && feed.settled("cassandra-drain"));
        VerifyRun clean = verify();
        assertEquals(0, clean.status(), clean.report());

        String[] subject = TelemetryFeed.subject(17).split("\\.", 7);
        CASSANDRA.session().execute("DELETE FROM " + keyspace + ".measurements WHERE org = ? AND site = ? "
                + "AND machine = ? AND sensor = ? AND metric = ? AND bucket = ? AND ts = ? AND msg_id = ?",
                subject[0], subject[1], subject[4], subject[5], subject[6],
                LocalDate.ofInstant(TelemetryFeed.START.plusMillis(1700), java.time.ZoneOffset.UTC),
                TelemetryFeed.START.plusMillis(1700), "r-17");
        VerifyRun broken = verify();
        assertEquals(1, broken.status(), broken.report());
        assertTrue(broken.report().contains("missing: r-17"), broken.report());
    }

    private VerifyRun verify() throws Exception {
        return VerifyRun.of("cassandra", List.of("nats.servers = " + nats.url(), "cassandra.contact-points = "
                + CASSANDRA.node().host() + ":" + CASSANDRA.node().port(), "cassandra.keyspace = " + keyspace));
    }
}
