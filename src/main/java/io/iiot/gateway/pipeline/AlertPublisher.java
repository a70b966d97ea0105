package io.iiot.gateway.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.iiot.gateway.jetstream.JetStreamPublisher;
import io.iiot.gateway.namespace.Telemetry;
import io.nats.client.impl.Headers;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Publishes an {@link Alert} as JSON to its subject in the ALERTS stream; the route goes on (to the telemetry
 * publish) only once the PubAck has arrived, which keeps the two in order.
 */
public final class AlertPublisher {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private final JetStreamPublisher publisher;

    /** @param publisher the gateway's JetStream publisher */
    public AlertPublisher(JetStreamPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Publishes the alert a reading raised (retried as any publish).
     *
     * @return completes with the reading (the route goes on with it) once the stream has stored the alert
     */
    public CompletableFuture<Telemetry> publish(@Body Telemetry reading,
            @ExchangeProperty(AlertDetector.PROPERTY) Alert alert) throws InterruptedException {
        return publisher.publishAsync(alert.subject(), new Headers().put("Nats-Msg-Id", alert.messageId()),
                json(alert)).thenApply(stored -> reading);
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
