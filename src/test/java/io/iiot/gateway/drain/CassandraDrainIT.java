package io.iiot.gateway.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import io.iiot.gateway.testing.CassandraExtension;
import io.iiot.gateway.testing.TestServer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Cassandra drain over a real nats-server and a Cassandra 5 node ({@link SinkDrainTests}, and its own rows). */
class CassandraDrainIT extends SinkDrainTests {

    private static final AtomicInteger KEYSPACES = new AtomicInteger();

    @RegisterExtension
    static final CassandraExtension CASSANDRA = new CassandraExtension();

    private final String keyspace = "drain_" + KEYSPACES.incrementAndGet();

    @Override
    String sink() {
        return "cassandra";
    }

    @Override
    String connectionKey() {
        return "cassandra.contact-points";
    }

    private String contactPoint() {
        return CASSANDRA.node().host() + ":" + CASSANDRA.node().port();
    }

    @Override
    Map<String, String> sinkSettings() {
        return Map.of("cassandra.contact-points", contactPoint(), "cassandra.local-datacenter",
                CASSANDRA.node().localDatacenter(), "cassandra.keyspace", keyspace, "cassandra.ttl-seconds", "86400");
    }

    @Override
    List<String> verifySettings() {
        return List.of("cassandra.contact-points = " + contactPoint(), "cassandra.keyspace = " + keyspace);
    }

    @Override
    long rows() {
        try {
            return CASSANDRA.session().execute("SELECT count(*) FROM " + keyspace + ".measurements").one().getLong(0);
        } catch (RuntimeException e) {
            return -1; // not created yet, or the node is stopped
        }
    }

    @Override
    long messages() {
        return rows(); // the primary key holds the message id
    }

    @Override
    CassandraSink newSink() {
        return new CassandraSink(new CassandraSettings(CassandraSettings.contactPoints(contactPoint()),
                CASSANDRA.node().localDatacenter(), keyspace, "", "",
                "{'class': 'SimpleStrategy', 'replication_factor': 1}", 86400, 128));
    }

    /** The primary key of reading {@code i} of run {@code r}, in the order of the table's key columns. */
    private static Object[] key(int i) {
        String[] subject = TelemetryFeed.subject(i).split("\\.", 7);
        Instant ts = TelemetryFeed.START.plusMillis(i * 100L);
        return new Object[]{subject[0], subject[1], subject[4], subject[5], subject[6],
                LocalDate.ofInstant(ts, ZoneOffset.UTC), ts, TelemetryFeed.messageId("r", i)};
    }

    private static final String WHERE_KEY = " WHERE org = ? AND site = ? AND machine = ? AND sensor = ? AND metric = ? "
            + "AND bucket = ? AND ts = ? AND msg_id = ?";

    private Row row(int i) {
        return CASSANDRA.session().execute("SELECT * FROM " + keyspace + ".measurements" + WHERE_KEY, key(i)).one();
    }

    @Override
    void deleteByHand(int i) {
        CASSANDRA.session().execute("DELETE FROM " + keyspace + ".measurements" + WHERE_KEY, key(i));
    }

    @Override
    TestServer database() {
        return CASSANDRA.node();
    }

    @Override
    int publishPoison() throws Exception {
        // a time beyond what Cassandra's timestamp holds, which ISO-8601 and the JSON body allow: the driver cannot
        // bind it
        feed.publish(TelemetryFeed.subject(8), TelemetryFeed.body(8).replace(
                TelemetryFeed.START.plusMillis(800).toString(), "+1000000000-01-01T00:00:00Z"), "far-future").get();
        // a 5 MiB text value: the driver sends it, and the node refuses the INSERT (InvalidQueryException: a CQL
        // message larger than the node takes, 4 MiB on the test node); NATS carries it (max_payload 8MB here)
        feed.publish(TelemetryFeed.subject(9), TelemetryFeed.body(9).replaceFirst("\"value\":[^,]*",
                "\"value\":\"" + "x".repeat(5 << 20) + "\""), "oversized").get();
        return 2;
    }

    @Test
    void rowsHaveTheContractColumnsInPartitionsByMachineMetricAndDay() throws Exception {
        drain(settings());
        feed.publish("r", 0, 100);
        awaitAllWritten(100);
        Row text = row(3);
        assertEquals(List.of("hall-a", "line-1", "RUNNING", "mm/s", "good"), List.of(text.getString("area"),
                text.getString("line"), text.getString("value_text"), text.getString("unit"),
                text.getString("quality")));
        assertTrue(text.isNull("value"), "a string value has no number");
        Row number = row(4);
        assertEquals(2.0, number.getDouble("value"));
        assertNull(number.getString("value_text"));
        Row ttl = CASSANDRA.session().execute("SELECT TTL(unit) FROM " + keyspace + ".measurements LIMIT 1").one();
        assertTrue(ttl.getInt(0) > 86000, "rows expire after cassandra.ttl-seconds");
    }
}
