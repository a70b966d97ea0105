package io.iiot.gateway.jetstream;

import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryJson;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Publishes to JetStream and waits for the stream's acknowledgement, so a publish that returns has been stored
 * (or recognised as a duplicate of a stored message).
 *
 * <p>Why not camel-nats' producer: its endpoint has one fixed subject, so a namespace of thousands of subjects
 * would need thousands of endpoints, and it copies every {@code Camel*} exchange header into the NATS message
 * (CAMEL-23515). This publisher sends exactly the headers the namespace defines.
 */
public final class JetStreamPublisher {

    /** Header carrying the dead-letter reason code. */
    public static final String DLQ_REASON = "Gateway-Dlq-Reason";
    /** Header carrying the one-line dead-letter detail. */
    public static final String DLQ_DETAIL = "Gateway-Dlq-Detail";
    /** Header naming the source the dead letter came from. */
    public static final String DLQ_SOURCE = "Gateway-Source";

    private final JetStream jetStream;

    /** @param connection the gateway's NATS connection */
    public JetStreamPublisher(Connection connection) {
        try {
            this.jetStream = connection.jetStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Publishes a normalized reading to its subject with its {@code Nats-Msg-Id}.
     *
     * @return the stream's acknowledgement; {@link PublishAck#isDuplicate()} tells a de-duplicated retry
     */
    public PublishAck publish(Telemetry telemetry) throws IOException, JetStreamApiException {
        return publish(telemetry, null);
    }

    /**
     * Publishes a normalized reading with further headers from its source (such as an MQTT message's user
     * properties). {@code Nats-Msg-Id} is always the reading's own: a source cannot set it.
     *
     * @param sourceHeaders header name to values, or null for none
     */
    public PublishAck publish(Telemetry telemetry, Map<String, List<String>> sourceHeaders)
            throws IOException, JetStreamApiException {
        Headers headers = new Headers();
        if (sourceHeaders != null) {
            sourceHeaders.forEach(headers::add);
        }
        headers.put("Nats-Msg-Id", telemetry.messageId());
        return send(telemetry.subject().toString(), headers, TelemetryJson.toBytes(telemetry.message()));
    }

    /**
     * Publishes a message that could not be processed, with its original bytes and the reason in headers.
     *
     * @param subject the dead-letter subject, {@code {org}.{site}.dlq.{reason}}
     */
    public PublishAck deadLetter(String subject, String reason, String detail, String source, byte[] original)
            throws IOException, JetStreamApiException {
        Headers headers = new Headers()
                .put(DLQ_REASON, reason)
                .put(DLQ_DETAIL, oneLine(detail))
                .put(DLQ_SOURCE, oneLine(source));
        return send(subject, headers, original == null ? new byte[0] : original);
    }

    private PublishAck send(String subject, Headers headers, byte[] body) throws IOException, JetStreamApiException {
        return jetStream.publish(NatsMessage.builder().subject(subject).headers(headers).data(body).build());
    }

    /** NATS header values are single lines; keep the first line, bounded. */
    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.lines().findFirst().orElse("");
        return line.length() <= 512 ? line : line.substring(0, 512);
    }
}
