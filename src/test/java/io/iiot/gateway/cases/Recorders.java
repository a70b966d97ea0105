package io.iiot.gateway.cases;

import io.iiot.gateway.jetstream.JetStreamPublisher;
import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryJson;
import io.iiot.gateway.pipeline.Alert;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stand in for the beans that talk to NATS ({@code jetStreamPublisher}, {@code deadLetterPublisher}) and record
 * what they would have published, in NATS terms, so cases state their expectations as a subscriber sees them.
 */
final class Recorders {

    final List<Published> published = new CopyOnWriteArrayList<>();
    private final String org;
    private final String site;

    Recorders(String org, String site) {
        this.org = org;
        this.site = site;
    }

    /** Records what {@code JetStreamPublisher.publishAsync} would send. */
    public final class TelemetryRecorder {
        public CompletableFuture<Void> publishAsync(Telemetry telemetry) {
            published.add(new Published(telemetry.subject().toString(), Map.of("Nats-Msg-Id", telemetry.messageId()),
                    new String(TelemetryJson.toBytes(telemetry.message()), StandardCharsets.UTF_8)));
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Stands in for {@code AlertPublisher}: alerts are not what cases check. */
    public final class AlertRecorder {
        public void publish(Alert alert) {
        }
    }

    /** Stands in for {@code MachineStates}: no state bucket in cases. */
    public final class StateRecorder implements org.apache.camel.Predicate {
        @Override
        public boolean matches(org.apache.camel.Exchange exchange) {
            return false;
        }

        public void update(Telemetry telemetry) {
        }
    }

    /** Records what {@code DeadLetterPublisher.publish} would send. */
    public final class DeadLetterRecorder {
        public void publish(Throwable failure, Object original, Object current, String source) {
            String reason = (failure instanceof RejectedReadingException rejected
                    ? rejected.reason()
                    : DeadLetterReason.PROCESSING_FAILED).toString();
            Object body = original != null ? original : current;
            published.add(new Published(org + "." + site + ".dlq." + reason,
                    Map.of(JetStreamPublisher.DLQ_REASON, reason,
                            JetStreamPublisher.DLQ_DETAIL, failure == null ? "" : String.valueOf(failure.getMessage()),
                            JetStreamPublisher.DLQ_SOURCE, String.valueOf(source)),
                    body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(body)));
        }
    }
}
