package io.iiot.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.testing.MqttBroker;
import io.iiot.gateway.testing.MqttBrokerExtension;
import io.iiot.gateway.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.StreamInfoOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a plant integration engineer tries first: {@code kill -9} the gateway in the middle of a QoS 1 stream and
 * restart it, and restart the broker under it. The broker runs with the settings of the shipped
 * {@code docker/mosquitto.conf} that the no-loss guarantee relies on.
 */
class MqttNoLossIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ASSETS = """
            machines:
              - {id: cnc-001, area: hall-a, line: line-1}
            mqtt:
              topics:
                - topic: "plant/{machine}/{sensor}/{metric}"
            """;

    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @RegisterExtension
    final MqttBrokerExtension broker = new MqttBrokerExtension(
            MqttBroker.builder().persistent().config(shippedQueueSettings()));

    @TempDir
    Path configDir;

    private Connection nats;
    private MqttClient device;

    /** The queue and session settings of docker/mosquitto.conf, the broker config the project ships. */
    static String shippedQueueSettings() {
        try {
            return Files.readAllLines(Path.of("docker", "mosquitto.conf")).stream()
                    .filter(line -> line.matches("(max_queued_messages|max_queued_bytes|max_inflight_messages"
                            + "|persistent_client_expiration|queue_qos0_messages) .*"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void connect() throws Exception {
        MqttIngestIT.writeConfig(configDir, ASSETS);
        nats = Nats.connect(NATS.url());
        device = new MqttClient(broker.url(), "device-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(500);
        device.connect(options);
    }

    @AfterEach
    void disconnect() throws Exception {
        if (device.isConnected()) {
            device.disconnect();
        }
        device.close();
        nats.jetStreamManagement().purgeStream("TELEMETRY");
        nats.close();
    }

    private GatewayProcess gateway() {
        GatewayProcess gateway = GatewayProcess.start(configDir,
                Map.of("NATS_SERVERS", NATS.url(), "MQTT_BROKER_URL", broker.url()));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertTrue(gateway.isAlive(), () -> "gateway exited:\n" + gateway.output());
            return gateway.output().contains("MQTT subscribed to plant/+/+/+");
        });
        return gateway;
    }

    private void publish(String topic, int value) throws Exception {
        MqttMessage message = new MqttMessage(("{\"value\":" + value + ",\"timestamp\":" + (1_700_000_000_000L + value)
                + "}").getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        device.publish(topic, message);
    }

    private long stored(String subjects) throws IOException, JetStreamApiException {
        return nats.jetStreamManagement()
                .getStreamInfo("TELEMETRY", StreamInfoOptions.filterSubjects(subjects))
                .getStreamState().getSubjects().stream().mapToLong(s -> s.getCount()).sum();
    }

    /** The values of every message stored under {@code subjects}. */
    private List<Integer> storedValues(String subjects) throws Exception {
        JetStreamSubscription subscription = nats.jetStream().subscribe(subjects,
                PushSubscribeOptions.builder().ordered(true).build());
        try {
            long count = stored(subjects);
            List<Integer> values = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                Message message = subscription.nextMessage(Duration.ofSeconds(10));
                values.add(JSON.readTree(message.getData()).path("value").asInt());
            }
            return values;
        } finally {
            subscription.unsubscribe();
        }
    }

    @Test
    void killingTheGatewayMidStreamLosesNothingAndStoresNothingTwice() throws Exception {
        int total = 10_000;
        String subjects = "acme.munich.hall-a.line-1.cnc-001.load.>";
        CompletableFuture<Void> stream;
        GatewayProcess first = gateway();
        try {
            // about 2,500 msg/s, so the kill lands in the middle of the stream
            stream = CompletableFuture.runAsync(() -> {
                try {
                    long start = System.nanoTime();
                    for (int i = 0; i < total; i++) {
                        publish("plant/cnc-001/load/m" + (i % 50), i);
                        long due = start + i * 400_000L;
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> stored(subjects) >= 1_500);
            first.kill();
        } finally {
            first.close();
        }
        assertTrue(stored(subjects) < total, "the kill came after the stream ended");
        try (GatewayProcess second = gateway()) {
            stream.get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> stored(subjects) >= total);
            // and it stays so: nothing redelivered after the restart is stored a second time
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> stored(subjects) == total);
            List<Integer> values = storedValues(subjects);
            assertEquals(total, values.size());
            Set<Integer> distinct = new HashSet<>(values);
            assertEquals(total, distinct.size(), "every value once");
            assertEquals(0, nats.jetStreamManagement().getStreamInfo("DEAD_LETTERS").getStreamState().getMsgCount());
        }
    }

    @Test
    void aBrokerRestartIsSurvived() throws Exception {
        String subjects = "acme.munich.hall-a.line-1.cnc-001.restart.>";
        try (GatewayProcess gateway = gateway()) {
            publish("plant/cnc-001/restart/before", 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(subjects) == 1);
            String check = "\"id\":\"mqtt:" + broker.url() + "\",\"group\":\"dependency\",\"state\":\"";
            String series = "gateway_mqtt_connected{broker=\"" + broker.url() + "\"} ";
            String before = gateway.get("/observe/health");
            assertTrue(before.contains(check + "UP"), before);
            broker.server().stop();
            // health names the broker that is away, and its series says so
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String health = gateway.get("/observe/health");
                assertTrue(health.startsWith("503 ") && health.contains(check + "DOWN"), health);
                assertTrue(gateway.get("/observe/metrics").contains(series + "0.0"));
            });
            broker.server().start();
            await().atMost(Duration.ofSeconds(30)).until(device::isConnected);
            publish("plant/cnc-001/restart/after", 2);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> stored(subjects) == 2);
            assertTrue(gateway.isAlive(), gateway::output);
            assertTrue(gateway.get("/observe/health").contains(check + "UP"));
            assertTrue(gateway.get("/observe/metrics").contains(series + "1.0"));
        }
    }
}
