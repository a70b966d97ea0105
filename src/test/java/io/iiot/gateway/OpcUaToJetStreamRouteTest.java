package io.iiot.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.jetstream.Arrival;
import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.opcua.OpcUaNormalizer;
import io.iiot.gateway.opcua.OpcUaValue;
import io.iiot.gateway.pipeline.Alert;
import io.iiot.gateway.pipeline.AlertDetector;
import io.iiot.gateway.pipeline.DeadbandFilter;
import io.iiot.gateway.pipeline.MachineSettings;
import io.iiot.gateway.pipeline.Readings;
import io.iiot.gateway.pipeline.TelemetryEnricher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.ExchangeBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The YAML routes as camel-main loads them from {@code routes/} and {@code kamelets/}, with the OPC-UA source
 * replaced by {@code direct:in} and the two publishers replaced by recorders: what the route does with a good
 * reading, a rejected one, and a publish that keeps failing.
 */
class OpcUaToJetStreamRouteTest extends CamelMainTestSupport {

    private static final String NODE = "ns=2;s=cnc-001/spindle/vibration_rms";
    private static final String UNKNOWN_NODE = "ns=2;s=cnc-009/spindle/vibration_rms";
    private static final String ENDPOINT = "opc.tcp://plc-7:4840";
    private static final int MAX_RETRIES = 3;

    private final FlakyPublisher publisher = new FlakyPublisher();
    private final DeadLetterRecorder deadLetters = new DeadLetterRecorder();
    private final AlertRecorder alerts = new AlertRecorder();
    private final StateRecorder states = new StateRecorder();

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties properties = new Properties();
        properties.setProperty("camel.component.kamelet.location", "file:kamelets");
        properties.setProperty("gateway.role", "edge");
        properties.setProperty("gateway.redelivery.delay-ms", "1");
        properties.setProperty("gateway.redelivery.max-retries", String.valueOf(MAX_RETRIES));
        configuration.withUseOverridePropertiesWithPropertiesComponent(properties);
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/*.camel.yaml");
        // the MQTT and command routes need a broker and a NATS connection; their integration tests cover them
        configuration.withRoutesExcludePattern(
                "file:routes/mqtt-to-jetstream.camel.yaml,file:routes/commands-to-machines.camel.yaml");
    }

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("jetStreamPublisher", publisher);
        registry.bind("deadLetterPublisher", deadLetters);
        AssetModel assets = AssetModel.load(Path.of("config", "assets.yaml"));
        registry.bind("opcUaNormalizer", new OpcUaNormalizer(assets, "acme", "munich"));
        MachineSettings settings = new MachineSettings(assets);
        registry.bind("telemetryEnricher", new TelemetryEnricher(settings));
        registry.bind("deadbandFilter", new DeadbandFilter(settings));
        registry.bind("alertDetector", new AlertDetector(settings));
        registry.bind("alertPublisher", alerts);
        registry.bind("machineStates", states);
    }

    @BeforeEach
    void replaceTheOpcUaSource() throws Exception {
        AdviceWith.adviceWith(context, "opcua-to-jetstream", route -> route.replaceFromWith("direct:in"));
        context.start();
    }

    /** What the opcua-source kamelet hands to the route: a notification of one value. */
    private void send(DataValue value, String node) {
        OpcUaValue change = new OpcUaValue("plant-sim", ENDPOINT, node, value);
        template.send("direct:in", ExchangeBuilder.anExchange(context).withBody(List.of(change))
                .withProperty("GatewayOriginal", List.of(new Arrival(change.source(), value))).build());
    }

    private static DataValue value(double value) {
        DateTime now = new DateTime(Instant.now());
        return new DataValue(new Variant(value), StatusCode.GOOD, now, now);
    }

    @Test
    void aGoodReadingIsPublishedToItsSubject() {
        send(value(2.45), NODE);
        Telemetry published = publisher.published.get(0);
        assertEquals("acme.munich.hall-a.line-1.cnc-001.spindle.vibration.rms", published.subject().toString());
        assertEquals(2.45, published.message().value());
    }

    @Test
    void theMachinesAttributesAreAdded() {
        send(value(2.45), NODE);
        assertEquals("DMG Mori", publisher.published.get(0).message().attributes().get("vendor"));
    }

    @Test
    void aReadingWithinItsDeadbandIsNotPublished() {
        String current = "ns=2;s=cnc-001/motor/current";
        send(value(10.0), current);
        send(value(10.4), current);
        send(value(10.6), current);
        assertEquals(List.of(10.0, 10.6), publisher.published.stream().map(t -> t.message().value()).toList());
    }

    @Test
    void aThresholdCrossingAlsoGoesToAlertsOnce() {
        send(value(6.5), NODE);
        send(value(7.0), NODE);
        assertEquals(1, alerts.published.size());
        assertEquals("acme.munich.alert.hall-a.line-1.cnc-001", alerts.published.get(0).subject());
        assertEquals(2, publisher.published.size(), "and both readings to telemetry");
    }

    @Test
    void aStateChangeUpdatesTheMachineState() {
        String state = "ns=2;s=cnc-001/machine/state";
        DateTime now = new DateTime(Instant.now());
        send(new DataValue(new Variant("IDLE"), StatusCode.GOOD, now, now), state);
        assertEquals(List.of("IDLE"), states.updated.stream().map(t -> t.message().value()).toList());
    }

    @Test
    void aRejectedReadingIsDeadLetteredAtOnceWithTheOriginalValue() {
        DataValue original = value(1.0);
        send(original, UNKNOWN_NODE);
        DeadLetter dead = deadLetters.received.get(0);
        assertEquals(DeadLetterReason.UNKNOWN_ITEM,
                assertInstanceOf(RejectedReadingException.class, dead.failure()).reason());
        assertSame(original, dead.original());
        assertEquals("opcua:" + ENDPOINT + "|" + UNKNOWN_NODE, dead.source());
        assertEquals(0, publisher.attempts.get(), "a rejected reading is never retried");
    }

    @Test
    void aPublishThatFailsOnceIsRetriedAndStoredOnce() {
        publisher.failures.set(1);
        send(value(3.0), NODE);
        assertEquals(2, publisher.attempts.get());
        assertEquals(1, publisher.published.size());
        assertTrue(deadLetters.received.isEmpty());
    }

    @Test
    void aPublishThatKeepsFailingIsDeadLetteredAfterTheConfiguredAttempts() {
        publisher.failures.set(Integer.MAX_VALUE);
        DataValue original = value(4.0);
        send(original, NODE);
        await().atMost(Duration.ofSeconds(10)).until(() -> !deadLetters.received.isEmpty());
        assertEquals(1 + MAX_RETRIES, publisher.attempts.get(), "the first attempt and gateway.redelivery.max-retries");
        assertSame(original, deadLetters.received.get(0).original(), "the original message, not the normalized one");
        assertInstanceOf(IOException.class, deadLetters.received.get(0).failure());
    }

    /** Stands in for JetStreamPublisher: fails the first {@code failures} batches it is given, records the rest. */
    public static final class FlakyPublisher {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        final List<Telemetry> published = new CopyOnWriteArrayList<>();

        public CompletableFuture<Readings> publish(Readings readings) {
            if (readings.telemetry().isEmpty()) {
                return CompletableFuture.completedFuture(readings);
            }
            attempts.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                return CompletableFuture
                        .failedFuture(new IOException("timeout waiting for the stream's acknowledgement"));
            }
            published.addAll(readings.telemetry());
            return CompletableFuture.completedFuture(readings);
        }
    }

    /** Stands in for AlertPublisher. */
    public static final class AlertRecorder {
        final List<Alert> published = new CopyOnWriteArrayList<>();

        public void publish(Readings readings) {
            published.addAll(readings.alerts());
        }
    }

    /** Stands in for MachineStates: every state reading is a change. */
    public static final class StateRecorder {
        final List<Telemetry> updated = new CopyOnWriteArrayList<>();

        public void update(Readings readings) {
            readings.telemetry().stream().filter(t -> t.message().metricPath().equals("state"))
                    .forEach(updated::add);
        }
    }

    record DeadLetter(Throwable failure, Object original, String source) {
    }

    /** Stands in for DeadLetterPublisher. */
    public static final class DeadLetterRecorder {
        final List<DeadLetter> received = new CopyOnWriteArrayList<>();

        public void publishRejected(Readings readings) {
            readings.rejected().forEach(r -> received.add(
                    new DeadLetter(r.reason(), r.arrival().original(), r.arrival().source())));
        }

        public void publish(Throwable failure, Object original, Object current, String source) {
            for (Object arrival : (List<?>) original) {
                received.add(new DeadLetter(failure, ((Arrival) arrival).original(), ((Arrival) arrival).source()));
            }
        }
    }
}
