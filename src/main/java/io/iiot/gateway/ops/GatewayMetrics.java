package io.iiot.gateway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's own metrics, beside the per-route series Camel records. Every series the gateway exposes on
 * {@code /observe/metrics} under the {@code gateway_} prefix is created here, so names, labels and units stay
 * consistent across sources and sinks; {@code docs/operations.md} lists them.
 *
 * <p>Bound in the Camel registry as {@code gatewayMetrics}. A component that has something to report takes it
 * with {@code @BeanInject("gatewayMetrics")} in its configuration class and calls the method for its series,
 * for example {@code metrics.opcUaSession(endpointUrl, session::isActive)}. Gauges read their supplier on each
 * scrape, so the component keeps no metric state of its own. Calling a method twice with the same labels
 * returns the same series.
 */
public final class GatewayMetrics {

    private final MeterRegistry registry;
    private final LongTaskTimer inFlight;
    private final Timer acknowledged;
    private final Timer failed;

    /** @param registry where the series are recorded (the Prometheus registry camel-micrometer-prometheus scrapes) */
    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.acknowledged = publishTimer("acknowledged");
        this.failed = publishTimer("failed");
        this.inFlight = LongTaskTimer.builder("gateway.jetstream.inflight")
                .description("How long the oldest JetStream publish in flight has waited (max)").register(registry);
        // read from the timer, which the registry shares between instances, never from a field of this one
        Gauge.builder("gateway.jetstream.pending", inFlight, LongTaskTimer::activeTasks)
                .description("JetStream publishes waiting for their acknowledgement").strongReference(true)
                .register(registry);
    }

    private Timer publishTimer(String outcome) {
        return Timer.builder("gateway.jetstream.publish")
                .description("Time from a JetStream publish to the stream's acknowledgement (or the failure)")
                .tag("outcome", outcome).publishPercentileHistogram().register(registry);
    }

    /** Metrics kept in memory and never exposed, for tools and tests that run a component on its own. */
    public static GatewayMetrics inMemory() {
        return new GatewayMetrics(new SimpleMeterRegistry());
    }

    /** The registry, for reading values back (tests) or for a series this class does not name yet. */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Starts timing one JetStream publish; call {@link Publish#acknowledged()} or {@link Publish#failed()} when
     * the acknowledgement (or the failure) arrives, possibly on another thread. Until then it counts as in flight.
     * Series: {@code gateway_jetstream_publish_seconds{outcome}}, {@code gateway_jetstream_pending} and
     * {@code gateway_jetstream_inflight_seconds_max} (how long the oldest publish in flight has waited).
     */
    public Publish publishStarted() {
        return new Publish(System.nanoTime(), inFlight.start());
    }

    /**
     * Counts one dead letter. Series: {@code gateway_dead_letters_total{reason}}.
     *
     * @param reason the reason token of the dead-letter subject, e.g. {@code unknown_item}
     */
    public void deadLetter(String reason) {
        Counter.builder("gateway.dead.letters").description("Messages published to {org}.{site}.dlq.{reason}")
                .tag("reason", reason).register(registry).increment();
    }

    /**
     * Counts one reload of a route file. Series: {@code gateway_route_reloads_total{outcome}}, outcome
     * {@code applied} or {@code rejected}.
     */
    public void routeReload(boolean applied) {
        Counter.builder("gateway.route.reloads").description("Route files reloaded (applied) or refused (rejected)")
                .tag("outcome", applied ? "applied" : "rejected").register(registry).increment();
    }

    /**
     * Records the size of one batch a drain wrote. Series: {@code gateway_drain_batch_size_messages{consumer}}
     * (count, sum, max).
     *
     * @param consumer the drain's durable consumer, e.g. {@code greenplum-drain}
     */
    public void drainBatch(String consumer, int messages) {
        DistributionSummary.builder("gateway.drain.batch.size").description("Messages per batch written to a sink")
                .baseUnit("messages").tag("consumer", consumer).register(registry).record(messages);
    }

    /**
     * Reports a JetStream consumer's lag: messages in the stream not yet delivered to it, plus those delivered but
     * not acknowledged. Series: {@code gateway_consumer_lag{consumer}}.
     */
    public Meter consumerLag(String consumer, DoubleSupplier pendingMessages) {
        return gauge("gateway.consumer.lag", "Messages of the stream a durable consumer has not acknowledged yet",
                "consumer", consumer, pendingMessages);
    }

    /**
     * Reports whether the session with an OPC-UA server is active (1) or not (0). Series:
     * {@code gateway_opcua_session_up{server}}.
     */
    public Meter opcUaSession(String server, BooleanSupplier active) {
        return gauge("gateway.opcua.session.up", "1 while the OPC-UA session with the server is active", "server",
                server,
                () -> active.getAsBoolean() ? 1 : 0);
    }

    /** Reports how many monitored items a server has. Series: {@code gateway_opcua_items{server}}. */
    public Meter opcUaItems(String server, DoubleSupplier items) {
        return gauge("gateway.opcua.items", "Monitored items on the OPC-UA server", "server", server, items);
    }

    /**
     * Reports how many values a server sent with the overflow bit set: each means the server discarded samples of
     * that item before it. Series: {@code gateway_opcua_overflows_total{server}}. The counter holds {@code session}
     * weakly, as Micrometer's function counters do: the caller keeps it while it reports.
     */
    public <T> Meter opcUaOverflows(String server, T session, ToDoubleFunction<T> overflows) {
        return serverCounter("gateway.opcua.overflows",
                "Values an OPC-UA server sent with the overflow bit (samples discarded before them)", server, session,
                overflows);
    }

    /**
     * Reports how many values of a server the gateway dropped because more were waiting in it than it holds
     * (it could not publish as fast as the server sent). Series: {@code gateway_opcua_dropped_total{server}}.
     */
    public <T> Meter opcUaDropped(String server, T counter, ToDoubleFunction<T> dropped) {
        return serverCounter("gateway.opcua.dropped",
                "Values of an OPC-UA server dropped because the gateway held as many as it holds", server, counter,
                dropped);
    }

    private <T> Meter serverCounter(String name, String description, String server, T source,
            ToDoubleFunction<T> count) {
        return FunctionCounter.builder(name, source, count).description(description).tag("server", server)
                .register(registry);
    }

    /** Removes series of a connection that is gone (a source stopped or reloaded), so they do not report stale. */
    public void remove(List<Meter> meters) {
        meters.forEach(registry::remove);
    }

    /** Reports whether the MQTT client is connected (1) or not (0). Series: {@code gateway_mqtt_connected{broker}}. */
    public Meter mqttConnection(String broker, BooleanSupplier connected) {
        return gauge("gateway.mqtt.connected", "1 while the MQTT client is connected to the broker", "broker", broker,
                () -> connected.getAsBoolean() ? 1 : 0);
    }

    private Gauge gauge(String name, String description, String label, String value, DoubleSupplier supplier) {
        return Gauge.builder(name, supplier::getAsDouble).description(description).tag(label, value)
                .strongReference(true)
                .register(registry);
    }

    /** One publish in flight. */
    public final class Publish {
        private final long started;
        private final LongTaskTimer.Sample waiting;
        private boolean done;

        private Publish(long started, LongTaskTimer.Sample waiting) {
            this.started = started;
            this.waiting = waiting;
        }

        /** The stream acknowledged the message. */
        public void acknowledged() {
            stop(acknowledged);
        }

        /** The publish failed or timed out. */
        public void failed() {
            stop(failed);
        }

        private synchronized void stop(Timer timer) {
            if (done) {
                return;
            }
            done = true;
            waiting.stop();
            timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
