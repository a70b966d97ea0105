package io.iiot.gateway.namespace;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A normalized reading ready to publish: where it goes, what it says, the id JetStream de-duplicates it by, and the
 * NATS headers its source adds (such as an MQTT message's user properties).
 *
 * @param subject the telemetry subject
 * @param message the canonical message
 * @param messageId the {@code Nats-Msg-Id}, see {@link MessageId}
 * @param headers header name to values from the source, in order; empty for none. {@code Nats-Msg-Id} is always the
 *        reading's own: a source cannot set it
 */
public record Telemetry(TelemetrySubject subject, TelemetryMessage message, String messageId,
        Map<String, List<String>> headers) {

    public Telemetry {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(messageId, "messageId");
        headers = headers == null ? Map.of() : headers;
    }

    /** A reading without source headers. */
    public Telemetry(TelemetrySubject subject, TelemetryMessage message, String messageId) {
        this(subject, message, messageId, Map.of());
    }

    /** The same reading with another message (the pipeline's enrichment), keeping subject, id and headers. */
    public Telemetry withMessage(TelemetryMessage changed) {
        return new Telemetry(subject, changed, messageId, headers);
    }
}
