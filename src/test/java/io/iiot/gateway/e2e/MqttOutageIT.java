package io.iiot.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.testing.MqttBroker;
import io.iiot.gateway.testing.MqttBrokerExtension;
import io.iiot.gateway.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfoOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to MQTT messages when something is away: NATS for longer than the retries (the message is not
 * acknowledged, so the broker delivers it again and it is stored once), and the gateway itself while a message
 * with an MQTT 5 expiry waits for it (the message is not published as fresh). Broker settings of the shipped
 * {@code docker/mosquitto.conf}.
 */
class MqttOutageIT {

    @RegisterExtension
    final NatsServerExtension nats = new NatsServerExtension();

    @RegisterExtension
    final MqttBrokerExtension broker = new MqttBrokerExtension(
            MqttBroker.builder().persistent().config(MqttNoLossIT.shippedQueueSettings()));

    @TempDir
    Path configDir;

    private Connection client;
    private MqttClient device;

    @BeforeEach
    void connect() throws Exception {
        MqttIngestIT.writeConfig(configDir, MqttNoLossIT.ASSETS);
        client = Nats.connect(new io.nats.client.Options.Builder().server(nats.url()).maxReconnects(-1).build());
        device = new MqttClient(broker.url(), "device-" + UUID.randomUUID(), new MemoryPersistence());
        device.connect(new MqttConnectionOptions());
    }

    @AfterEach
    void disconnect() throws Exception {
        device.disconnect();
        device.close();
        client.close();
    }

    /** The gateway with 3 retries from 500 ms and a 1 s PubAck timeout: an outage of seconds outlasts them. */
    private GatewayProcess gateway() {
        GatewayProcess gateway = GatewayProcess.start(configDir, Map.of("NATS_SERVERS", nats.url(),
                "MQTT_BROKER_URL", broker.url(), "GATEWAY_REDELIVERY_MAX_RETRIES", "3",
                "GATEWAY_REDELIVERY_DELAY_MS", "500", "NATS_PUBLISH_ACK_TIMEOUT_MS", "1000"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertTrue(gateway.isAlive(), () -> "gateway exited:\n" + gateway.output());
            return gateway.output().contains("MQTT subscribed to plant/+/+/+");
        });
        return gateway;
    }

    private void publish(String topic, int value, MqttProperties properties) throws Exception {
        MqttMessage message = new MqttMessage(("{\"value\":" + value + ",\"timestamp\":" + (1_700_000_000_000L + value)
                + "}").getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        if (properties != null) {
            message.setProperties(properties);
        }
        device.publish(topic, message);
    }

    private long stored(String stream, String subjects) throws IOException, JetStreamApiException {
        return client.jetStreamManagement()
                .getStreamInfo(stream, StreamInfoOptions.filterSubjects(subjects))
                .getStreamState().getSubjects().stream().mapToLong(s -> s.getCount()).sum();
    }

    /** Stops nats-server, publishes one message, and waits until the gateway gave up on it (log line). */
    private void publishWhileNatsIsAway(GatewayProcess gateway, String topic) throws Exception {
        nats.server().stop();
        publish(topic, 1, null);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> gateway.output().contains("neither stored nor dead-lettered, not acknowledged"));
    }

    @Test
    void aMessageNeitherStoredNorDeadLetteredIsDeliveredAgainAfterACrash() throws Exception {
        String subject = "acme.munich.hall-a.line-1.cnc-001.outage.crash";
        try (GatewayProcess first = gateway()) {
            publishWhileNatsIsAway(first, "plant/cnc-001/outage/crash");
            // what the gateway held in memory for NATS dies with it: only the broker still has the message
            first.kill();
        }
        nats.server().start();
        try (GatewayProcess second = gateway()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> stored("TELEMETRY", subject) == 1);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> stored("TELEMETRY", subject) == 1);
            assertTrue(second.isAlive(), second::output);
        }
    }

    @Test
    void afterAnOutageLongerThanTheRetriesTheMessageAndAllAfterItAreStoredOnce() throws Exception {
        String subjects = "acme.munich.hall-a.line-1.cnc-001.outage.>";
        try (GatewayProcess gateway = gateway()) {
            publishWhileNatsIsAway(gateway, "plant/cnc-001/outage/first");
            nats.server().start();
            // more than the broker's in-flight window (max_inflight_messages 1000): they only all arrive if the
            // gateway got the window going again after the message it could not acknowledge
            int after = 1_200;
            for (int i = 0; i < after; i++) {
                publish("plant/cnc-001/outage/m" + (i % 20), 100 + i, null);
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> stored("TELEMETRY", subjects) >= 1 + after);
            // and stays so, the message that waited for NATS stored once ("stored" asks nats-server: on a loaded
            // machine its answer may time out, which is not what this test is about)
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> stored("TELEMETRY", subjects) == 1 + after
                            && stored("TELEMETRY", "acme.munich.hall-a.line-1.cnc-001.outage.first") == 1);
        }
    }

    @Test
    void aMessageThatExpiresWhileTheGatewayIsAwayIsNotPublished() throws Exception {
        String subjects = "acme.munich.hall-a.line-1.cnc-001.expiry.>";
        MqttProperties longLived = new MqttProperties();
        longLived.setMessageExpiryInterval(3600L);
        try (GatewayProcess gateway = gateway()) {
            publish("plant/cnc-001/expiry/fresh", 1, longLived);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> stored("TELEMETRY", subjects) == 1);
            MessageInfo fresh = client.jetStreamManagement().getLastMessage("TELEMETRY",
                    "acme.munich.hall-a.line-1.cnc-001.expiry.fresh");
            assertNotNull(fresh.getHeaders().getFirst("Mqtt-Expires"), "a message that expires says when");
        }
        MqttProperties shortLived = new MqttProperties();
        shortLived.setMessageExpiryInterval(1L);
        publish("plant/cnc-001/expiry/late", 2, shortLived);
        Instant expired = Instant.now().plusMillis(1500);
        // then one without expiry on the same topic: the gateway handles a topic's messages in order
        publish("plant/cnc-001/expiry/late", 3, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expired));
        try (GatewayProcess gateway = gateway()) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> stored("TELEMETRY", subjects) == 2);
            MessageInfo late = client.jetStreamManagement().getLastMessage("TELEMETRY",
                    "acme.munich.hall-a.line-1.cnc-001.expiry.late");
            assertTrue(new String(late.getData(), StandardCharsets.UTF_8).contains("\"value\":3"));
            // the broker discarded the expired one: it reached neither the stream nor the dead letters
            assertEquals(0, client.jetStreamManagement().getStreamInfo("DEAD_LETTERS").getStreamState()
                    .getMsgCount());
        }
    }
}
