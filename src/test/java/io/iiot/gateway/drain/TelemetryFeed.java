package io.iiot.gateway.drain;

import io.iiot.gateway.jetstream.JetStreamProvisioner;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fills the shipped TELEMETRY stream (org {@code acme}) with canonical telemetry messages, as the edge gateway
 * publishes them: one subject per machine and metric, a {@code Nats-Msg-Id} each.
 */
final class TelemetryFeed {

    /** Source time of reading 0: the start of this hour, so the readings reach the stream about when they happen. */
    static final Instant START = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);

    private final Connection connection;
    private final JetStream jetStream;

    TelemetryFeed(Connection connection) throws Exception {
        this.connection = connection;
        new JetStreamProvisioner(connection.jetStreamManagement(),
                t -> t.replace("{{gateway.org}}", "acme").replace("{{gateway.site}}", "munich"))
                .provision(Path.of("config", "jetstream"));
        this.jetStream = connection.jetStream();
    }

    /** The subject of reading {@code i}: ten machines, two metrics. */
    static String subject(int i) {
        return "acme.munich.hall-a.line-1.cnc-" + String.format("%03d", i % 10) + ".spindle."
                + (i % 2 == 0 ? "vibration.rms" : "speed");
    }

    /** The message id of reading {@code i} of a run named {@code run}. */
    static String messageId(String run, int i) {
        return run + "-" + i;
    }

    /** The body of reading {@code i}: a number; every 7th a string, every 11th a boolean. */
    static String body(int i) {
        String value = i % 7 == 3 ? "\"RUNNING\"" : i % 11 == 5 ? "true" : Double.toString(i * 0.5);
        return "{\"value\":" + value + ",\"unit\":\"mm/s\",\"timestamp\":\"" + START.plusMillis(i * 100L)
                + "\",\"quality\":\"good\",\"machine_id\":\"cnc\",\"sensor\":\"spindle\",\"metric\":\"m\","
                + "\"source\":\"test\"}";
    }

    /** Publishes readings {@code from} (inclusive) to {@code to} (exclusive) and waits for every ack. */
    void publish(String run, int from, int to) throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            acks.add(publish(subject(i), body(i), messageId(run, i)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
    }

    /** Publishes one message asynchronously. */
    CompletableFuture<?> publish(String subject, String body, String id) {
        return jetStream.publishAsync(NatsMessage.builder().subject(subject)
                .headers(new Headers().put("Nats-Msg-Id", id))
                .data(body.getBytes(StandardCharsets.UTF_8)).build());
    }

    /** True when the durable consumer has nothing left: every message delivered and acknowledged. */
    boolean settled(String durable) throws Exception {
        ConsumerInfo info = connection.jetStreamManagement().getConsumerInfo("TELEMETRY", durable);
        return info.getNumPending() == 0 && info.getNumAckPending() == 0 && info.getRedelivered() == 0;
    }

    /** Messages in the DEAD_LETTERS stream. */
    long deadLetters() throws Exception {
        return connection.jetStreamManagement().getStreamInfo("DEAD_LETTERS").getStreamState().getMsgCount();
    }
}
