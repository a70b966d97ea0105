package io.iiot.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CassandraNodeIT {

    @RegisterExtension
    static final CassandraExtension CASSANDRA = new CassandraExtension();

    @Test
    void runsCassandra5() {
        Row local = CASSANDRA.session().execute("SELECT release_version, data_center FROM system.local").one();

        assertTrue(local.getString("release_version").startsWith("5.0"), local.getString("release_version"));
        assertEquals(CassandraNode.LOCAL_DATACENTER, local.getString("data_center"));
    }

    @Test
    void readsBackARowInsertedIntoANewTable() {
        CASSANDRA.session().execute("CREATE KEYSPACE IF NOT EXISTS fixture_it WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        try (CqlSession session = CASSANDRA.node().sessionBuilder().withKeyspace("fixture_it").build()) {
            session.execute("CREATE TABLE IF NOT EXISTS reading (tag text, at timestamp, value double, "
                    + "PRIMARY KEY (tag, at))");
            session.execute("INSERT INTO reading (tag, at, value) VALUES (?, ?, ?)", "line1.temperature", at, 21.5);

            Row row = session.execute("SELECT at, value FROM reading WHERE tag = ?", "line1.temperature").one();

            assertEquals(at, row.getInstant("at"));
            assertEquals(21.5, row.getDouble("value"));
        }
    }
}
