package io.iiot.gateway.jetstream;

import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryJson;
import io.iiot.gateway.ops.GatewayMetrics;
import io.iiot.gateway.pipeline.Readings;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes to JetStream; a message counts as delivered only once the stream's acknowledgement (PubAck) has
 * arrived, so a publish that completes has been stored (or recognised as a duplicate of a stored message).
 *
 * <p>Telemetry is published asynchronously ({@link #publishAsync}) with at most {@code maxInFlight} messages
 * awaiting their PubAck. When the bound is reached, the caller blocks until an acknowledgement frees a place: that
 * is the back-pressure that reaches the source (an OPC-UA subscription stops taking notifications and the server
 * queues them, an MQTT broker stops sending beyond its window) instead of memory growing while NATS is slow or
 * away. A message without its PubAck after {@code ackTimeout} fails, and the route retries it with the same
 * {@code Nats-Msg-Id}, so a message stored but not acknowledged in time is still stored once.
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
    private final GatewayMetrics metrics;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final Duration ackTimeout;
    /**
     * Where a batch's route goes on once its PubAcks are in. Never the thread that completed the last of them: that
     * is jnats' (which must stay free to read every other PubAck) or the JDK's one timer thread (which must stay
     * free to time out every other publish), and the route's next steps may wait, e.g. for a dead letter's PubAck.
     */
    private static final Executor CONTINUATIONS = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "jetstream-publish-done");
        thread.setDaemon(true);
        return thread;
    });

    /** Default bound of publishes awaiting their PubAck ({@code nats.publish.max-in-flight}). */
    public static final int DEFAULT_MAX_IN_FLIGHT = 2000;
    /** Default PubAck timeout ({@code nats.publish.ack-timeout-ms}). */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofMillis(5000);

    /**
     * A publisher with the default in-flight bound and acknowledgement timeout.
     *
     * @param connection the gateway's NATS connection
     * @param metrics records each publish's time to acknowledgement and the publishes in flight
     */
    public JetStreamPublisher(Connection connection, GatewayMetrics metrics) {
        this(connection, metrics, DEFAULT_MAX_IN_FLIGHT, DEFAULT_ACK_TIMEOUT);
    }

    /**
     * @param connection the gateway's NATS connection
     * @param metrics records each publish's time to acknowledgement and the publishes in flight
     * @param maxInFlight most asynchronous publishes awaiting their PubAck at a time, at least 1
     * @param ackTimeout how long a publish waits for its PubAck before it fails
     */
    public JetStreamPublisher(Connection connection, GatewayMetrics metrics, int maxInFlight, Duration ackTimeout) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.metrics = metrics;
        try {
            this.jetStream = connection.jetStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.inFlight = new Semaphore(maxInFlight);
        this.maxInFlight = maxInFlight;
        this.ackTimeout = ackTimeout;
    }

    /**
     * Publishes a normalized reading to its subject with its {@code Nats-Msg-Id} and its source's headers
     * ({@link Telemetry#headers()}), without waiting: the returned future completes with the stream's acknowledgement
     * ({@link PublishAck#isDuplicate()} tells a de-duplicated retry) or fails. Blocks while {@code maxInFlight}
     * publishes await their PubAck.
     */
    public CompletableFuture<PublishAck> publishAsync(Telemetry telemetry) throws InterruptedException {
        Headers headers = new Headers();
        telemetry.headers().forEach(headers::add);
        headers.put("Nats-Msg-Id", telemetry.messageId());
        return sendAsync(telemetry.subject().toString(), headers, TelemetryJson.toBytes(telemetry.message()));
    }

    /**
     * Publishes the readings of a batch ({@link #publishAsync(Telemetry)} each, in order); the returned future
     * completes with the batch once every reading has its PubAck. A reading the stream refuses (it answered with an
     * error, or the message is larger than the server takes) would be refused again on a retry: it is set aside as
     * refused ({@link Readings#refused}), for the dead-letter queue, and the others count. Any other failure (no
     * PubAck in time, the connection lost) fails the whole batch, and the route publishes it again: the readings
     * already stored come back as duplicates of their {@code Nats-Msg-Id} and are not stored twice. The future
     * completes, successfully or not, on a thread of this publisher's own.
     */
    public CompletableFuture<Readings> publish(Readings readings) throws InterruptedException {
        List<Telemetry> telemetry = readings.telemetry();
        Readings.Rejected[] refused = new Readings.Rejected[telemetry.size()];
        CompletableFuture<?>[] acks = new CompletableFuture<?>[telemetry.size()];
        for (int i = 0; i < acks.length; i++) {
            Telemetry reading = telemetry.get(i);
            int at = i;
            try {
                acks[i] = publishAsync(reading).exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (!(cause instanceof JetStreamApiException)) {
                        throw new CompletionException(cause);
                    }
                    refused[at] = refused(reading, cause);
                    return null;
                });
            } catch (IllegalArgumentException e) {
                refused[i] = refused(reading, e);
                acks[i] = CompletableFuture.completedFuture(null);
            }
        }
        // handleAsync, not thenApplyAsync: a failure, too, must be handed on from jnats' or the timer's thread
        return CompletableFuture.allOf(acks).handleAsync((done, failure) -> {
            if (failure != null) {
                throw failure instanceof CompletionException completion
                        ? completion
                        : new CompletionException(failure);
            }
            readings.refused(Arrays.stream(refused).filter(Objects::nonNull).toList());
            return readings;
        }, CONTINUATIONS);
    }

    private static Readings.Rejected refused(Telemetry reading, Throwable why) {
        return new Readings.Rejected(new Arrival(reading.message().source(), TelemetryJson.toBytes(reading.message())),
                new RejectedReadingException(DeadLetterReason.PROCESSING_FAILED,
                        "the stream refused " + reading.subject() + ": " + why.getMessage()));
    }

    /**
     * Publishes bytes to a subject without waiting, as {@link #publishAsync(Telemetry)} does; for the other
     * streams of the namespace (alerts).
     */
    public CompletableFuture<PublishAck> publishAsync(String subject, Headers headers, byte[] body)
            throws InterruptedException {
        return sendAsync(subject, headers, body);
    }

    /** Publishes awaiting their PubAck right now. */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    private CompletableFuture<PublishAck> sendAsync(String subject, Headers headers, byte[] body)
            throws InterruptedException {
        inFlight.acquire();
        GatewayMetrics.Publish timing = metrics.publishStarted();
        CompletableFuture<PublishAck> ack;
        try {
            ack = jetStream.publishAsync(NatsMessage.builder().subject(subject).headers(headers).data(body).build());
        } catch (RuntimeException e) {
            timing.failed();
            inFlight.release();
            throw e;
        }
        return ack.orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((a, e) -> {
            if (e == null) {
                timing.acknowledged();
            } else {
                timing.failed();
            }
            inFlight.release();
        });
    }

    /**
     * Publishes a message that could not be processed, with its original bytes and the reason in headers.
     *
     * @param subject the dead-letter subject, {@code {org}.{site}.dlq.{reason}}
     */
    public PublishAck deadLetter(String subject, DeadLetterReason reason, String detail, String source,
            byte[] original)
            throws IOException, JetStreamApiException {
        Headers headers = new Headers()
                .put(DLQ_REASON, reason.toString())
                .put(DLQ_DETAIL, oneLine(detail))
                .put(DLQ_SOURCE, oneLine(source));
        return send(subject, headers, original == null ? new byte[0] : original);
    }

    private PublishAck send(String subject, Headers headers, byte[] body) throws IOException, JetStreamApiException {
        GatewayMetrics.Publish timing = metrics.publishStarted();
        try {
            PublishAck ack = jetStream.publish(NatsMessage.builder().subject(subject).headers(headers).data(body)
                    .build());
            timing.acknowledged();
            return ack;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            timing.failed();
            throw e;
        }
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
