package io.iiot.gateway.drain;

import java.time.Duration;
import java.util.List;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * A durable JetStream pull consumer as a Camel endpoint (consumer only): {@code jetstream:DURABLE} with the
 * {@link #OPTIONS}. The durable consumer is created, or updated to these settings, when the route starts. Several
 * gateway instances with the same durable share its messages.
 */
public final class JetStreamEndpoint extends DefaultEndpoint {

    /** Summary of the component for {@code docs/catalog.md}. */
    public static final String SUMMARY = "A durable JetStream pull consumer on jnats. Each fetch becomes one "
            + "exchange whose body is an io.iiot.gateway.drain.DrainBatch; each message is settled after the route "
            + "returns: acknowledged when the sink committed it, negative-acknowledged with nakDelayMs when the sink "
            + "refused it, and after maxDeliver deliveries (or at once when it is not telemetry) published to "
            + "{org}.{site}.dlq.{reason} with the reason and terminated. While the sink is unavailable the batch is "
            + "kept and retried, nothing more is fetched and nothing is acknowledged. The durable is created or "
            + "updated at start; instances with the same durable share the work.";

    /** Each option with its default and meaning, for {@code docs/catalog.md}. */
    public static final List<String[]> OPTIONS = List.of(
            new String[]{"stream", "(required)", "stream to consume"},
            new String[]{"filterSubject", "(all)", "only subjects matching this filter"},
            new String[]{"batchSize", "500", "most messages in one batch"},
            new String[]{"batchWaitMs", "500", "longest wait for a batch to fill"},
            new String[]{"ackWaitMs", "30000", "a message not acknowledged within this is delivered again"},
            new String[]{"maxDeliver", "5", "deliveries of a refused message before it is dead-lettered"},
            new String[]{"maxAckPending", "20000", "unacknowledged messages the server hands the durable at most"},
            new String[]{"nakDelayMs", "5000", "delay before a refused message is delivered again"},
            new String[]{"consumers", "1", "fetch loops in this instance, each with its own batch being written"});

    private final String durable;
    private String stream;
    private String filterSubject = "";
    private int batchSize = 500;
    private long batchWaitMs = 500;
    private long ackWaitMs = 30_000;
    private int maxDeliver = 5;
    private long maxAckPending = 20_000;
    private long nakDelayMs = 5_000;
    private int consumers = 1;

    JetStreamEndpoint(String uri, JetStreamComponent component, String durable) {
        super(uri, component);
        this.durable = durable;
    }

    void validate() {
        if (durable == null || !durable.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("jetstream: durable name '" + durable + "' must match [A-Za-z0-9_-]+");
        }
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException("jetstream:" + durable + ": stream is required");
        }
        if (batchSize < 1 || batchWaitMs < 1 || ackWaitMs < 1000 || maxDeliver < 1 || maxAckPending < batchSize
                || nakDelayMs < 0 || consumers < 1) {
            throw new IllegalArgumentException("jetstream:" + durable + ": batchSize, batchWaitMs, maxDeliver, "
                    + "consumers must be positive, ackWaitMs at least 1000, maxAckPending at least batchSize");
        }
    }

    @Override
    public JetStreamComponent getComponent() {
        return (JetStreamComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(
                "jetstream: only consumes; publish with the jetstream-telemetry-sink kamelet");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        JetStreamConsumer consumer = new JetStreamConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected String createEndpointUri() {
        return "jetstream:" + durable;
    }

    public String getDurable() {
        return durable;
    }

    public String getStream() {
        return stream;
    }

    public void setStream(String stream) {
        this.stream = stream;
    }

    public String getFilterSubject() {
        return filterSubject;
    }

    public void setFilterSubject(String filterSubject) {
        this.filterSubject = filterSubject == null ? "" : filterSubject.strip();
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getBatchWaitMs() {
        return batchWaitMs;
    }

    public void setBatchWaitMs(long batchWaitMs) {
        this.batchWaitMs = batchWaitMs;
    }

    public long getAckWaitMs() {
        return ackWaitMs;
    }

    public void setAckWaitMs(long ackWaitMs) {
        this.ackWaitMs = ackWaitMs;
    }

    public int getMaxDeliver() {
        return maxDeliver;
    }

    public void setMaxDeliver(int maxDeliver) {
        this.maxDeliver = maxDeliver;
    }

    public long getMaxAckPending() {
        return maxAckPending;
    }

    public void setMaxAckPending(long maxAckPending) {
        this.maxAckPending = maxAckPending;
    }

    public long getNakDelayMs() {
        return nakDelayMs;
    }

    public void setNakDelayMs(long nakDelayMs) {
        this.nakDelayMs = nakDelayMs;
    }

    public int getConsumers() {
        return consumers;
    }

    public void setConsumers(int consumers) {
        this.consumers = consumers;
    }

    Duration ackWait() {
        return Duration.ofMillis(ackWaitMs);
    }
}
