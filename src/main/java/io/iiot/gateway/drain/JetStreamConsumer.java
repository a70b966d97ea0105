package io.iiot.gateway.drain;

import io.iiot.gateway.jetstream.JetStreamPublisher;
import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import io.iiot.gateway.ops.GatewayMetrics;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch loops of a {@link JetStreamEndpoint}. Each loop fetches a batch, hands it to the route as one
 * {@link DrainBatch} and settles every message after the route returns:
 * <ul>
 * <li>route returned: each message the sink did not reject is acknowledged; a rejected one is negative-acknowledged
 * with {@code nakDelayMs}, or, when rejected permanently or delivered {@code maxDeliver} times, published to
 * {@code {org}.{site}.dlq.{reason}} and terminated;</li>
 * <li>route failed because the sink is unavailable ({@link SinkUnavailableException}): nothing is acknowledged;
 * the loop keeps the batch, fetches nothing more, tells the server it is still working on it (so it is not
 * redelivered elsewhere meanwhile) and writes it again with growing pauses (up to 30 s) until the sink is back;</li>
 * <li>route failed otherwise: every message is negative-acknowledged with the delay (a transient failure).</li>
 * </ul>
 * The server's max deliver is left unlimited on purpose: the gateway counts deliveries and dead-letters at
 * {@code maxDeliver}, so a message is never dropped by the server without a dead letter.
 */
final class JetStreamConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamConsumer.class);
    private static final long MAX_PAUSE_MS = 30_000;
    private static final String MESSAGE_ID = "Nats-Msg-Id";

    private final JetStreamEndpoint endpoint;
    private volatile boolean running;
    private volatile CountDownLatch stopSignal = new CountDownLatch(0);
    private ExecutorService loops;
    private JetStream jetStream;
    /** Messages of the stream not acknowledged yet, as of the last fetch: one per durable, across restarts. */
    private static final Map<String, AtomicLong> LAGS = new ConcurrentHashMap<>();
    private final AtomicLong lag;
    private JetStreamPublisher deadLetters;

    JetStreamConsumer(JetStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.lag = LAGS.computeIfAbsent(endpoint.getDurable(), durable -> new AtomicLong());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Connection connection = endpoint.getComponent().connection();
        createOrUpdateConsumer(connection);
        jetStream = connection.jetStream();
        GatewayMetrics metrics = endpoint.getCamelContext().getRegistry().lookupByNameAndType("gatewayMetrics",
                GatewayMetrics.class);
        deadLetters = new JetStreamPublisher(connection, metrics != null ? metrics : GatewayMetrics.inMemory());
        if (metrics != null) {
            metrics.consumerLag(endpoint.getDurable(), lag::get);
        }
        running = true;
        stopSignal = new CountDownLatch(1);
        loops = endpoint.getCamelContext().getExecutorServiceManager().newFixedThreadPool(this,
                "jetstream-" + endpoint.getDurable(), endpoint.getConsumers());
        for (int i = 0; i < endpoint.getConsumers(); i++) {
            loops.submit(this::fetchLoop);
        }
        LOG.info("jetstream:{} consuming stream {}{} in batches of up to {} ({} loop(s))", endpoint.getDurable(),
                endpoint.getStream(), endpoint.getFilterSubject().isEmpty()
                        ? ""
                        : " (" + endpoint.getFilterSubject()
                                + ")",
                endpoint.getBatchSize(), endpoint.getConsumers());
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        stopSignal.countDown();
        if (loops != null) {
            // a batch being written finishes and is settled; a fetch ends within batchWaitMs
            loops.shutdown();
            if (!loops.awaitTermination(endpoint.getAckWaitMs(), TimeUnit.MILLISECONDS)) {
                loops.shutdownNow();
            }
            loops = null;
        }
        super.doStop();
    }

    private void createOrUpdateConsumer(Connection connection) throws IOException {
        ConsumerConfiguration.Builder config = ConsumerConfiguration.builder()
                .durable(endpoint.getDurable())
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(endpoint.ackWait())
                .maxDeliver(-1)
                .maxAckPending(endpoint.getMaxAckPending());
        if (!endpoint.getFilterSubject().isEmpty()) {
            config.filterSubject(endpoint.getFilterSubject());
        }
        try {
            connection.jetStreamManagement().addOrUpdateConsumer(endpoint.getStream(), config.build());
        } catch (JetStreamApiException e) {
            throw new IllegalStateException("jetstream:" + endpoint.getDurable() + ": the server refused the durable "
                    + "consumer on stream " + endpoint.getStream() + ": " + e.getErrorDescription() + " (error "
                    + e.getApiErrorCode() + ")", e);
        }
    }

    private void fetchLoop() {
        JetStreamSubscription subscription = null;
        long pauseMs = 500;
        boolean troubled = false;
        while (running) {
            try {
                if (subscription == null) {
                    subscription = jetStream.subscribe(null,
                            PullSubscribeOptions.bind(endpoint.getStream(), endpoint.getDurable()));
                }
                List<Message> fetched = subscription.fetch(endpoint.getBatchSize(),
                        Duration.ofMillis(endpoint.getBatchWaitMs()));
                if (troubled) {
                    LOG.info("jetstream:{} fetching again", endpoint.getDurable());
                    troubled = false;
                    pauseMs = 500;
                }
                if (!fetched.isEmpty()) {
                    deliver(fetched);
                }
            } catch (IOException | JetStreamApiException | IllegalStateException e) {
                if (!running) {
                    break;
                }
                if (!troubled) {
                    LOG.warn("jetstream:{} cannot fetch ({}); retrying", endpoint.getDurable(), e.getMessage());
                    troubled = true;
                }
                subscription = null;
                pause(pauseMs);
                pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
            } catch (RuntimeException e) {
                LOG.error("jetstream:{} fetch loop failed; restarting it", endpoint.getDurable(), e);
                subscription = null;
                pause(pauseMs);
            }
        }
    }

    private void deliver(List<Message> fetched) {
        // not acknowledged yet: this batch and what the server still holds for the consumer
        long pending = fetched.get(fetched.size() - 1).metaData().pendingCount();
        lag.set(pending + fetched.size());
        List<DrainMessage> messages = new ArrayList<>(fetched.size());
        for (Message message : fetched) {
            messages.add(toDrainMessage(message));
        }
        DrainBatch batch = new DrainBatch(messages);
        long pauseMs = 1000;
        long lastProgress = System.nanoTime();
        long progressEveryNanos = TimeUnit.MILLISECONDS.toNanos(endpoint.getAckWaitMs() / 3);
        while (true) {
            Throwable failure = process(batch);
            if (failure == null) {
                settle(fetched, batch);
                lag.set(pending);
                return;
            }
            if (!isSinkUnavailable(failure)) {
                LOG.warn("jetstream:{} a batch of {} failed; its messages come back in {} ms: {}",
                        endpoint.getDurable(), batch.size(), endpoint.getNakDelayMs(), oneLine(failure));
                for (DrainMessage message : batch.messages()) {
                    if (batch.rejection(message) == null) {
                        batch.reject(message, Rejection.failed(oneLine(failure)));
                    }
                }
                settle(fetched, batch);
                return;
            }
            if (!running) {
                return; // not acknowledged: the server redelivers them after ack wait
            }
            // the sink said so once (SinkStatus); keep the batch, fetch nothing, keep the server from redelivering
            if (System.nanoTime() - lastProgress >= progressEveryNanos) {
                fetched.forEach(Message::inProgress);
                lastProgress = System.nanoTime();
            }
            pause(Math.min(pauseMs, endpoint.getAckWaitMs() / 3));
            pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
            batch.clearRejections();
        }
    }

    private Throwable process(DrainBatch batch) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(batch);
            exchange.getIn().setHeader("JetStreamDurable", endpoint.getDurable());
            getProcessor().process(exchange);
            Throwable failure = exchange.getException();
            // an error handler that handled the failure must not turn it into acknowledgements
            return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        } catch (Exception e) {
            return e;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void settle(List<Message> fetched, DrainBatch batch) {
        for (int i = 0; i < fetched.size(); i++) {
            DrainMessage message = batch.messages().get(i);
            Rejection rejection = batch.rejection(message);
            switch (Settlement.of(message, rejection, endpoint.getMaxDeliver())) {
                case ACKNOWLEDGE -> fetched.get(i).ack();
                case RETRY_LATER -> fetched.get(i).nakWithDelay(Duration.ofMillis(endpoint.getNakDelayMs()));
                case DEAD_LETTER -> deadLetter(fetched.get(i), message, rejection);
            }
        }
    }

    private void deadLetter(Message raw, DrainMessage message, Rejection rejection) {
        try {
            String[] tokens = message.subject().split("\\.", 3);
            String subject = TelemetrySubject.deadLetter(Token.map(tokens[0]), Token.map(tokens[1]),
                    rejection.reason());
            deadLetters.deadLetter(subject, rejection.reason(), rejection.detail(), "jetstream:"
                    + endpoint.getStream() + "/" + message.streamSequence() + " " + message.subject(), message.data());
            raw.term();
            LOG.warn("jetstream:{} dead-lettered message {} ({} #{}, delivered {} times) to {}: {}",
                    endpoint.getDurable(), message.messageId(), message.subject(), message.streamSequence(),
                    message.deliveredCount(), subject, rejection.detail());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.warn("jetstream:{} cannot dead-letter message {} yet ({}); it comes back", endpoint.getDurable(),
                    message.messageId(), e.getMessage());
            raw.nakWithDelay(Duration.ofMillis(endpoint.getNakDelayMs()));
        }
    }

    private static DrainMessage toDrainMessage(Message message) {
        NatsJetStreamMetaData meta = message.metaData();
        String id = message.hasHeaders() ? message.getHeaders().getFirst(MESSAGE_ID) : null;
        return new DrainMessage(message.getSubject(), message.getData(),
                id == null || id.isBlank() ? DrainMessage.fallbackId(meta.streamSequence()) : id,
                meta.streamSequence(), meta.deliveredCount(), meta.timestamp().toInstant());
    }

    private static boolean isSinkUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SinkUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(Throwable failure) {
        String text = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        return text.lines().findFirst().orElse("");
    }

    private void pause(long ms) {
        try {
            stopSignal.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
