package io.iiot.gateway.namespace;

import java.util.Objects;

/**
 * A normalized reading ready to publish: where it goes, what it says, and the id JetStream de-duplicates it by.
 *
 * @param subject the telemetry subject
 * @param message the canonical message
 * @param messageId the {@code Nats-Msg-Id}, see {@link MessageId}
 */
public record Telemetry(TelemetrySubject subject, TelemetryMessage message, String messageId) {

    public Telemetry {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(messageId, "messageId");
    }
}
