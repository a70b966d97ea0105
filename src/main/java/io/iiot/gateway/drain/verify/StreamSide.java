package io.iiot.gateway.drain.verify;

import io.iiot.gateway.drain.DrainMessage;
import io.iiot.gateway.drain.Measurement;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * Reads what the stream holds in a window, through an ordered (ephemeral) consumer starting at
 * {@code since - maxLag}, and reports each telemetry message whose source time is in the window once per message
 * id. Messages that are not telemetry are counted apart: the drains dead-letter them, so no sink holds them.
 */
public final class StreamSide {

    private static final Duration IDLE = Duration.ofSeconds(2);

    private final Connection connection;
    private final String stream;
    private final String filterSubject;
    private long notTelemetry;

    /**
     * @param connection NATS connection
     * @param stream the drained stream, {@code nats.drain.stream}
     * @param filterSubject {@code nats.drain.filter-subject}, or empty for the whole stream
     */
    public StreamSide(Connection connection, String stream, String filterSubject) {
        this.connection = connection;
        this.stream = stream;
        this.filterSubject = filterSubject;
    }

    /**
     * Calls {@code each(subject, messageId)} for every telemetry message of the window, once per message id.
     *
     * @param subject only this subject, or null for the drained ones
     * @param progress called with the number of messages read so far, every 100,000
     */
    public void read(Window window, String subject, BiConsumer<String, String> each, LongConsumer progress)
            throws IOException, JetStreamApiException, InterruptedException {
        String filter = subject != null ? subject : filterSubject.isEmpty() ? ">" : filterSubject;
        PushSubscribeOptions options = PushSubscribeOptions.builder().stream(stream).ordered(true)
                .configuration(ConsumerConfiguration.builder()
                        .deliverPolicy(DeliverPolicy.ByStartTime)
                        .startTime(window.since().minus(window.maxLag()).atZone(ZoneOffset.UTC))
                        .build())
                .build();
        JetStreamSubscription subscription = connection.jetStream().subscribe(filter, options);
        IdSet seen = new IdSet();
        long read = 0;
        try {
            for (Message message; (message = subscription.nextMessage(IDLE)) != null;) {
                read++;
                if (read % 100_000 == 0) {
                    progress.accept(read);
                }
                if (message.metaData().timestamp().toInstant().isAfter(window.until().plus(window.maxLag()))) {
                    break;
                }
                offer(window, message, seen, each);
                if (message.metaData().pendingCount() == 0) {
                    break;
                }
            }
        } finally {
            subscription.unsubscribe();
        }
    }

    private void offer(Window window, Message message, IdSet seen, BiConsumer<String, String> each) {
        String id = message.hasHeaders() ? message.getHeaders().getFirst("Nats-Msg-Id") : null;
        long sequence = message.metaData().streamSequence();
        DrainMessage drained = new DrainMessage(message.getSubject(), message.getData(),
                id == null || id.isBlank() ? DrainMessage.fallbackId(sequence) : id, sequence, 1, null);
        Measurement measurement;
        try {
            measurement = Measurement.of(drained);
        } catch (IllegalArgumentException e) {
            notTelemetry++;
            return;
        }
        if (window.contains(measurement.ts()) && seen.add(drained.messageId())) {
            each.accept(measurement.subject(), drained.messageId());
        }
    }

    /** Messages read that are not telemetry (dead-lettered by the drains, in no sink). */
    public long notTelemetry() {
        return notTelemetry;
    }
}
