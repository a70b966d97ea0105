package io.iiot.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The series names of the operations guide, as Prometheus scrapes them. */
class GatewayMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GatewayMetrics metrics = new GatewayMetrics(registry);

    private void assertScrapeHas(String line) {
        String scrape = registry.scrape();
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith(line)), () -> line + " not in\n" + scrape);
    }

    @Test
    void aPublishIsInFlightUntilItsAcknowledgementThenTimed() {
        GatewayMetrics.Publish publish = metrics.publishStarted();
        assertScrapeHas("gateway_jetstream_pending 1.0");
        publish.acknowledged();
        publish.failed();
        assertScrapeHas("gateway_jetstream_pending 0.0");
        assertScrapeHas("gateway_jetstream_publish_seconds_count{outcome=\"acknowledged\"} 1");
        assertScrapeHas("gateway_jetstream_publish_seconds_count{outcome=\"failed\"} 0");
    }

    @Test
    void deadLettersAreCountedByReason() {
        metrics.deadLetter("unknown_item");
        metrics.deadLetter("unknown_item");
        metrics.deadLetter("bad_name");
        assertScrapeHas("gateway_dead_letters_total{reason=\"unknown_item\"} 2.0");
        assertScrapeHas("gateway_dead_letters_total{reason=\"bad_name\"} 1.0");
    }

    @Test
    void sourcesAndDrainsReportThroughSuppliersReadAtScrapeTime() {
        AtomicBoolean session = new AtomicBoolean(true);
        metrics.opcUaSession("opc.tcp://plc-7:4840", session::get);
        metrics.opcUaItems("opc.tcp://plc-7:4840", () -> 120);
        metrics.mqttConnection("tcp://broker:1883", () -> false);
        metrics.consumerLag("cassandra-drain", () -> 42);
        metrics.drainBatch("cassandra-drain", 500);
        assertScrapeHas("gateway_opcua_session_up{server=\"opc.tcp://plc-7:4840\"} 1.0");
        session.set(false);
        assertScrapeHas("gateway_opcua_session_up{server=\"opc.tcp://plc-7:4840\"} 0.0");
        assertScrapeHas("gateway_opcua_items{server=\"opc.tcp://plc-7:4840\"} 120.0");
        assertScrapeHas("gateway_mqtt_connected{broker=\"tcp://broker:1883\"} 0.0");
        assertScrapeHas("gateway_consumer_lag{consumer=\"cassandra-drain\"} 42.0");
        assertScrapeHas("gateway_drain_batch_size_messages_sum{consumer=\"cassandra-drain\"} 500.0");
    }
}
