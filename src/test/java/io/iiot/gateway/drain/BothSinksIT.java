package io.iiot.gateway.drain;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iiot.gateway.testing.CassandraExtension;
import io.iiot.gateway.testing.NatsServerExtension;
import io.iiot.gateway.testing.PostgresServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Both drains in one gateway instance: one sink being down never stops the other. */
class BothSinksIT {

    @RegisterExtension
    static final CassandraExtension CASSANDRA = new CassandraExtension();

    @RegisterExtension
    final PostgresServerExtension postgres = new PostgresServerExtension();

    @RegisterExtension
    final NatsServerExtension nats = new NatsServerExtension();

    private long greenplumRows() {
        try (java.sql.Connection db = postgres.server().openConnection();
                Statement statement = db.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM both_sinks.measurements")) {
            result.next();
            return result.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    private long cassandraRows() {
        try {
            return CASSANDRA.session().execute("SELECT count(*) FROM both_sinks.measurements").one().getLong(0);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Test
    void postgresDownDoesNotStopCassandraAndBothEndUpComplete() throws Exception {
        String contactPoint = CASSANDRA.node().host() + ":" + CASSANDRA.node().port();
        try (Connection connection = Nats.connect(nats.url())) {
            TelemetryFeed feed = new TelemetryFeed(connection);
            try (DrainRig rig = DrainRig.start(connection, Map.of("greenplum.jdbc-url", postgres.jdbcUrl(),
                    "greenplum.username", postgres.user(), "greenplum.schema", "both_sinks",
                    "cassandra.contact-points", contactPoint, "cassandra.keyspace", "both_sinks",
                    "nats.drain.ack-wait-ms", "5000"), "jetstream-to-greenplum.camel.yaml",
                    "jetstream-to-cassandra.camel.yaml")) {
                feed.publish("r", 0, 300);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> greenplumRows() == 300 && cassandraRows() == 300);

                postgres.server().stop();
                feed.publish("r", 300, 600);
                await().atMost(Duration.ofSeconds(60)).until(() -> cassandraRows() == 600);

                postgres.server().start();
                await().atMost(Duration.ofSeconds(60)).until(() -> greenplumRows() == 600
                        && feed.settled("greenplum-drain") && feed.settled("cassandra-drain"));
            }
        }
        // verify without --sink checks every configured sink
        VerifyRun verify = VerifyRun.of(null, List.of("nats.servers = " + nats.url(), "greenplum.jdbc-url = "
                + postgres.jdbcUrl(), "greenplum.username = " + postgres.user(), "greenplum.schema = both_sinks",
                "cassandra.contact-points = " + contactPoint, "cassandra.keyspace = both_sinks"));
        assertEquals(0, verify.status(), verify.report());
        assertEquals(2, verify.report().lines().filter(l -> l.endsWith("match on every subject")).count(),
                verify.report());
    }
}
