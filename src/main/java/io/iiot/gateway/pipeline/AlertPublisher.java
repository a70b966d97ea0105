package io.iiot.gateway.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.iiot.gateway.jetstream.JetStreamPublisher;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Publishes an {@link Alert} as JSON to its subject in the ALERTS stream and waits for the PubAck: alerts are rare
 * (once per crossing), so waiting costs nothing and keeps the telemetry publish after it in order.
 */
public final class AlertPublisher {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private final JetStreamPublisher publisher;

    /** @param publisher the gateway's JetStream publisher */
    public AlertPublisher(JetStreamPublisher publisher) {
        this.publisher = publisher;
    }

    /** Publishes the batch's alerts; returns once the stream has stored them all. */
    public void publish(Readings readings) throws Exception {
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(readings.alerts().size());
        for (Alert alert : readings.alerts()) {
            acks.add(publisher.publishAsync(alert.subject(), new Headers().put("Nats-Msg-Id", alert.messageId()),
                    json(alert)));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The alert as UTF-8 JSON. */
    static byte[] json(Alert alert) {
        try {
            return JSON.writeValueAsBytes(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert always serializes", e);
        }
    }
}
