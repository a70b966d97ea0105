package io.iiot.gateway.drain;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.testing.NatsServer;
import io.iiot.gateway.testing.NatsServerExtension;
import io.iiot.gateway.testing.TestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.MessageInfo;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What each drain must show over a real nats-server and its database, written once for both: every message stored
 * once under redelivery, a crash between commit and acknowledgement, two instances on one consumer and a database
 * stopped and restarted mid-stream; a poison message dead-lettered after max deliver while the rest flows;
 * {@code verify} finding no difference, then naming a row deleted by hand. A subclass says how to reach its database.
 */
abstract class SinkDrainTests {

    /** Generous for a loaded machine: a wait ends as soon as its condition holds. */
    static final Duration WAIT = Duration.ofMinutes(3);

    /** Messages up to 8 MB, so that a test can publish a row bigger than the database takes. */
    @RegisterExtension
    final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().config("max_payload: 8MB"));

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    Connection connection;
    TelemetryFeed feed;

    /** {@code greenplum} or {@code cassandra}. */
    abstract String sink();

    /** The key whose value connects the sink: {@code greenplum.jdbc-url} or {@code cassandra.contact-points}. */
    abstract String connectionKey();

    /** The sink's own settings for this test's database, schema or keyspace. */
    abstract Map<String, String> sinkSettings();

    /** Rows in the table; -1 while it is absent or the database is down. */
    abstract long rows();

    /** Distinct message ids in the table. */
    abstract long messages() throws Exception;

    /** A sink writing where the drain writes, as a crashed instance would have. */
    abstract Sink newSink();

    /** Deletes the row of reading {@code i} of run {@code r} by hand. */
    abstract void deleteByHand(int i) throws Exception;

    /** The database, to stop and start. */
    abstract TestServer database();

    /** Publishes readings this database refuses at every delivery; returns how many. */
    abstract int publishPoison() throws Exception;

    /** The sink's lines of {@code application.properties} for {@code verify}. */
    abstract List<String> verifySettings();

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

    /** Settings of a drain instance: the sink's, small batches, short waits, three deliveries at most. */
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(sinkSettings());
        settings.put(sink() + ".batch-size", "200");
        settings.put(sink() + ".batch-wait-ms", "100");
        settings.put("nats.drain.ack-wait-ms", "5000");
        settings.put("nats.drain.nak-delay-ms", "200");
        settings.put("nats.drain.max-deliver", "3");
        return settings;
    }

    String durable() {
        return sink() + "-drain";
    }

    /** Starts a drain instance with its own NATS connection; it is stopped after the test. */
    DrainRig drain(Map<String, String> settings) throws Exception {
        Connection own = Nats.connect(nats.url());
        DrainRig rig = DrainRig.start(own, settings, "jetstream-to-" + sink() + ".camel.yaml");
        open.push(own);
        open.push(rig);
        return rig;
    }

    /** Waits until the table holds {@code expected} rows, one per message, and every message is acknowledged. */
    void awaitAllWritten(int expected) throws Exception {
        await().atMost(WAIT).until(() -> rows() == expected && feed.settled(durable()));
        assertEquals(expected, messages());
    }

    VerifyRun verify() throws Exception {
        List<String> properties = new ArrayList<>(verifySettings());
        properties.add("nats.servers = " + nats.url());
        return VerifyRun.of(sink(), properties);
    }

    void assertVerifyFindsNoDifference() throws Exception {
        VerifyRun verify = verify();
        assertEquals(0, verify.status(), verify.report());
    }

    @Test
    void aRedeliveryOfEveryMessageAddsNoRow() throws Exception {
        try (DrainRig first = DrainRig.start(connection, settings(), "jetstream-to-" + sink() + ".camel.yaml")) {
            feed.publish("r", 0, 300);
            awaitAllWritten(300);
            // what an operator watches: batches written (all 300 messages) and the lag back at zero
            await().atMost(WAIT).untilAsserted(() -> {
                assertEquals(300, first.metrics().get("gateway.drain.batch.size").tag("consumer", durable())
                        .summary().totalAmount());
                assertEquals(0, first.metrics().get("gateway.consumer.lag").tag("consumer", durable()).gauge()
                        .value());
            });
        }
        // the consumer forgets every acknowledgement: all 300 are delivered again
        connection.jetStreamManagement().deleteConsumer("TELEMETRY", durable());
        drain(settings());
        await().atMost(WAIT).until(() -> feed.settled(durable()));
        assertEquals(300, rows());
        assertVerifyFindsNoDifference();
    }

    @Test
    void aCrashBetweenCommitAndAckAddsNoRow() throws Exception {
        feed.publish("r", 0, 300);
        // an instance fetches 120 messages, commits them and dies before acknowledging
        connection.jetStreamManagement().addOrUpdateConsumer("TELEMETRY", ConsumerConfiguration.builder()
                .durable(durable()).ackWait(Duration.ofSeconds(2)).maxDeliver(-1).build());
        JetStreamSubscription crashed = connection.jetStream().subscribe(null,
                PullSubscribeOptions.bind("TELEMETRY", durable()));
        List<DrainMessage> fetched = new ArrayList<>();
        for (Message message : crashed.fetch(120, Duration.ofSeconds(5))) {
            fetched.add(new DrainMessage(message.getSubject(), message.getData(),
                    message.getHeaders().getFirst("Nats-Msg-Id"), message.metaData().streamSequence(), 1, null));
        }
        assertEquals(120, fetched.size());
        try (Sink crashing = newSink()) {
            crashing.write(new DrainBatch(fetched));
        }
        crashed.unsubscribe();
        assertEquals(120, rows());

        drain(settings());
        awaitAllWritten(300);
        assertVerifyFindsNoDifference();
    }

    @Test
    void twoInstancesOnOneConsumerWriteEachMessageOnceAndVerifyNamesARowDeletedByHand() throws Exception {
        twoInstancesWriteEachMessageOnce(settings());

        deleteByHand(17);
        VerifyRun broken = verify();
        assertEquals(1, broken.status(), broken.report());
        assertTrue(broken.report().contains("missing: r-17"), broken.report());
    }

    /** Two instances with two fetch loops each on one durable consumer: 2,000 messages, each stored once. */
    void twoInstancesWriteEachMessageOnce(Map<String, String> settings) throws Exception {
        settings.put(sink() + ".consumers", "2");
        drain(settings);
        drain(settings);
        for (int i = 0; i < 2000; i += 500) {
            feed.publish("r", i, i + 500);
        }
        awaitAllWritten(2000);
        assertVerifyFindsNoDifference();
    }

    @Test
    void aDatabaseStoppedAndRestartedMidStreamLosesNothing() throws Exception {
        DrainRig rig = drain(settings());
        feed.publish("r", 0, 500);
        await().atMost(WAIT).until(() -> rows() == 500);

        database().stop();
        feed.publish("r", 500, 1000);
        await().atMost(WAIT).until(() -> !healthy(rig));
        assertFalse(feed.settled(durable()), "nothing written while the database is down is acknowledged");

        database().start();
        awaitAllWritten(1000);
        assertTrue(healthy(rig));
        assertVerifyFindsNoDifference();
    }

    private boolean healthy(DrainRig rig) {
        return HealthCheckHelper.invokeReadiness(rig.context()).stream()
                .filter(result -> result.getCheck().getId().equals("drain-" + sink()))
                .allMatch(result -> result.getState() == HealthCheck.State.UP);
    }

    @Test
    void aPoisonMessageEndsInTheDeadLetterQueueAfterMaxDeliverWhileTheRestFlows() throws Exception {
        drain(settings());
        feed.publish("r", 0, 100);
        int poisoned = publishPoison();
        feed.publish("r", 100, 200);

        awaitAllWritten(200);
        assertEquals(poisoned, feed.deadLetters());
        MessageInfo letter = connection.jetStreamManagement().getLastMessage("DEAD_LETTERS",
                "acme.munich.dlq." + sink() + "_rejected");
        assertEquals(sink() + "_rejected", letter.getHeaders().getFirst("Gateway-Dlq-Reason"));
    }

    @Test
    void aSinkWithoutItsConnectionKeyDoesNotStart() throws Exception {
        Map<String, String> settings = settings();
        settings.put(connectionKey(), "");
        DrainRig rig = drain(settings);
        assertEquals(ServiceStatus.Stopped,
                rig.context().getRouteController().getRouteStatus("jetstream-to-" + sink()));
        feed.publish("r", 0, 10);
        assertTrue(connection.jetStreamManagement().getConsumerNames("TELEMETRY").isEmpty(),
                "no durable consumer is created for a sink that is not configured");
    }
}
