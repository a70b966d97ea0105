package io.iiot.gateway.jetstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.MessageId;
import io.iiot.gateway.namespace.Quality;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryMessage;
import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import io.iiot.gateway.ops.GatewayMetrics;
import io.iiot.gateway.pipeline.Readings;
import io.iiot.gateway.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Publishing telemetry and dead letters into the provisioned streams of a real nats-server. */
class JetStreamPublisherIT {

    @RegisterExtension
    final NatsServerExtension nats = new NatsServerExtension();

    private Connection connection;
    private JetStreamPublisher publisher;

    @BeforeEach
    void provision() throws Exception {
        connection = Nats.connect(nats.url());
        new JetStreamProvisioner(connection.jetStreamManagement(),
                t -> t.replace("{{gateway.org}}", "acme").replace("{{gateway.site}}", "munich"))
                .provision(Path.of("config", "jetstream"));
        publisher = new JetStreamPublisher(connection, GatewayMetrics.inMemory(), 10, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() throws InterruptedException {
        connection.close();
    }

    private static Telemetry reading(double value) {
        Instant at = Instant.parse("2026-02-15T10:00:00.123Z");
        TelemetrySubject subject = new TelemetrySubject(Token.parse("acme"), Token.parse("munich"),
                Token.parse("hall-a"), Token.parse("line-1"), Token.parse("cnc-001"), Token.parse("spindle"),
                TelemetrySubject.parseMetric("vibration.rms"));
        TelemetryMessage message = new TelemetryMessage(value, "mm/s", at, Quality.GOOD, subject.machine(),
                subject.sensor(), subject.metric(), "opcua:opc.tcp://plc|ns=2;s=v", Map.of());
        return new Telemetry(subject, message, MessageId.of("opcua:opc.tcp://plc", "ns=2;s=v", at));
    }

    @Test
    void aBatchIsStoredWholeExceptWhatTheServerRefusesWhichIsSetAsideForTheDeadLetterQueue() throws Exception {
        Telemetry fits = reading(2.45);
        Telemetry huge = reading(3.5);
        // larger than the server's max_payload (1 MB): no retry can store it
        huge = huge.withMessage(new TelemetryMessage(3.5, "mm/s", huge.message().timestamp(), Quality.GOOD,
                huge.subject().machine(), huge.subject().sensor(), huge.subject().metric(), huge.message().source(),
                Map.of("note", "x".repeat(2_000_000))));
        Readings batch = new Readings(List.of(fits, huge), List.of());
        publisher.publish(batch).get(10, TimeUnit.SECONDS);
        assertEquals(1, connection.jetStreamManagement().getStreamInfo("TELEMETRY").getStreamState().getMsgCount());
        assertEquals(1, batch.rejected().size(), batch::toString);
        Readings.Rejected refused = batch.rejected().get(0);
        assertEquals(DeadLetterReason.PROCESSING_FAILED, refused.reason().reason());
        assertTrue(refused.reason().getMessage().startsWith("the stream refused " + huge.subject()),
                refused.reason().getMessage());
        assertEquals(huge.message().source(), refused.arrival().source());
        // published again (a retry of the batch): refused once more, set aside once, the stored reading a duplicate
        publisher.publish(batch).get(10, TimeUnit.SECONDS);
        assertEquals(1, batch.rejected().size());
        assertEquals(1, connection.jetStreamManagement().getStreamInfo("TELEMETRY").getStreamState().getMsgCount());
    }

    @Test
    void telemetryLandsInTheTelemetryStream() throws Exception {
        assertEquals("TELEMETRY", publisher.publishAsync(reading(2.45)).get().getStream());
    }

    @Test
    void aRetryOfTheSameReadingIsADuplicate() throws Exception {
        assertFalse(publisher.publishAsync(reading(2.45)).get().isDuplicate());
        assertTrue(publisher.publishAsync(reading(2.45)).get().isDuplicate());
        assertEquals(1, connection.jetStreamManagement().getStreamInfo("TELEMETRY").getStreamState().getMsgCount());
    }

    @Test
    void onlyTheMessageIdHeaderIsSent() throws Exception {
        publisher.publishAsync(reading(2.45)).get();
        MessageInfo stored = connection.jetStreamManagement().getMessage("TELEMETRY", 1);
        assertEquals(java.util.Set.of("Nats-Msg-Id"), stored.getHeaders().keySet());
    }

    @Test
    void aDeadLetterKeepsTheOriginalBytesAndItsReason() throws Exception {
        new DeadLetterPublisher(publisher, GatewayMetrics.inMemory(), "acme", "munich")
                .publish(new RejectedReadingException(DeadLetterReason.BAD_VALUE, "value is not a finite number: NaN"),
                        new byte[]{1, 2, 3}, "{\"value\":\"NaN\"}", "mqtt:tcp://broker|plant/cnc-001");
        MessageInfo dead = connection.jetStreamManagement().getMessage("DEAD_LETTERS", 1);
        assertEquals("acme.munich.dlq.bad_value", dead.getSubject());
        assertEquals("bad_value", dead.getHeaders().getFirst(JetStreamPublisher.DLQ_REASON));
        assertEquals("value is not a finite number: NaN", dead.getHeaders().getFirst(JetStreamPublisher.DLQ_DETAIL));
        assertEquals("mqtt:tcp://broker|plant/cnc-001", dead.getHeaders().getFirst(JetStreamPublisher.DLQ_SOURCE));
        assertArrayEquals(new byte[]{1, 2, 3}, dead.getData(), "the original bytes, not the current body");
    }

    @Test
    void anyOtherFailureIsDeadLetteredAsProcessingFailed() throws Exception {
        new DeadLetterPublisher(publisher, GatewayMetrics.inMemory(), "acme", "munich")
                .publish(new IllegalStateException("boom\nsecond line"), null, "text", "opcua:x|y");
        MessageInfo dead = connection.jetStreamManagement().getMessage("DEAD_LETTERS", 1);
        assertEquals("acme.munich.dlq.processing_failed", dead.getSubject());
        assertEquals("processing_failed", dead.getHeaders().getFirst(JetStreamPublisher.DLQ_REASON));
        assertEquals("boom", dead.getHeaders().getFirst(JetStreamPublisher.DLQ_DETAIL));
    }
}
