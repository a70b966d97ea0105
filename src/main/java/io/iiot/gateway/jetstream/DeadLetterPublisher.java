package io.iiot.gateway.jetstream;

import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import io.iiot.gateway.ops.GatewayMetrics;
import io.iiot.gateway.pipeline.Readings;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Publishes what a route could not process to {@code {org}.{site}.dlq.{reason}}, with the original bytes as the
 * body and the reason, the detail and the source in headers. A {@link RejectedReadingException} names its own
 * reason; any other failure is {@link DeadLetterReason#PROCESSING_FAILED}.
 */
public final class DeadLetterPublisher {

    private final JetStreamPublisher publisher;
    private final GatewayMetrics metrics;
    private final Token org;
    private final Token site;

    /**
     * @param publisher the JetStream publisher
     * @param metrics counts dead letters by reason
     * @param org {@code gateway.org}
     * @param site {@code gateway.site}
     */
    public DeadLetterPublisher(JetStreamPublisher publisher, GatewayMetrics metrics, String org, String site) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.org = Token.parse(org);
        this.site = Token.parse(site);
    }

    /** Publishes the batch's rejected readings, each with its own reason, source and bytes. */
    public void publishRejected(Readings readings) throws IOException, JetStreamApiException {
        for (Readings.Rejected rejected : readings.rejected()) {
            publish(rejected.reason(), rejected.arrival().original(), null, rejected.arrival().source());
        }
    }

    /**
     * Publishes what a route could not process. When the source kept a batch's {@link Arrival arrivals} as the
     * original (a batch that failed after its retries), each arrival is published with its own source.
     *
     * @param failure why the message failed
     * @param original the message as it arrived (bytes, text, or a source object such as an OPC-UA value), as the
     *        source kamelet kept it; null when the route did not start from one
     * @param current the message as it was when it failed, published when {@code original} is null
     * @param source where it came from, e.g. {@code opcua:opc.tcp://plc-7:4840|ns=2;s=Spindle.Vib}
     */
    public void publish(Throwable failure, Object original, Object current, String source)
            throws IOException, JetStreamApiException {
        if (original instanceof List<?> arrivals && !arrivals.isEmpty() && arrivals.get(0) instanceof Arrival) {
            for (Object arrival : arrivals) {
                publish(failure, ((Arrival) arrival).original(), null, ((Arrival) arrival).source());
            }
            return;
        }
        DeadLetterReason reason = failure instanceof RejectedReadingException rejected
                ? rejected.reason()
                : DeadLetterReason.PROCESSING_FAILED;
        String detail = failure == null ? "" : failure.getMessage() == null ? failure.toString() : failure.getMessage();
        publisher.deadLetter(TelemetrySubject.deadLetter(org, site, reason), reason, detail, source,
                bytes(original != null ? original : current));
        metrics.deadLetter(reason.toString());
    }

    private static byte[] bytes(Object original) {
        if (original instanceof byte[] raw) {
            return raw;
        }
        return String.valueOf(original).getBytes(StandardCharsets.UTF_8);
    }
}
