package io.iiot.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.testing.MqttBroker;
import io.iiot.gateway.testing.MqttBrokerExtension;
import io.iiot.gateway.testing.NatsServerExtension;
import io.iiot.gateway.testing.TestCertificates;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway reads a broker that only speaks TLS and only lets known users in: the broker's CA comes from a trust
 * store, user name and passwords from the environment, as a plant would run it.
 */
class MqttTlsIT {

    /** One machine, one topic filter: the model of the MQTT tests. */
    private static final String ASSETS = MqttNoLossIT.ASSETS;

    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @RegisterExtension
    static final MqttBrokerExtension BROKER = new MqttBrokerExtension(
            MqttBroker.builder().tls().user("gateway", "gw-secret").user("device", "dev-secret"));

    @TempDir
    Path configDir;

    @Test
    void readsABrokerWithTlsAndAPasswordFile() throws Exception {
        MqttIngestIT.writeConfig(configDir, ASSETS);
        TestCertificates certificates = BROKER.server().certificates();
        try (Connection nats = Nats.connect(NATS.url());
                GatewayProcess gateway = GatewayProcess.start(configDir, Map.of(
                        "NATS_SERVERS", NATS.url(),
                        "MQTT_BROKER_URL", BROKER.url(),
                        "MQTT_USERNAME", "gateway",
                        "MQTT_PASSWORD", "gw-secret",
                        "MQTT_TLS_TRUST_STORE", certificates.trustStore().toString(),
                        "MQTT_TLS_TRUST_STORE_PASSWORD", TestCertificates.TRUST_STORE_PASSWORD))) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertTrue(gateway.isAlive(), () -> "gateway exited:\n" + gateway.output());
                return gateway.output().contains("MQTT subscribed to plant/+/+/+");
            });
            MqttClient device = new MqttClient(BROKER.url(), "device-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName("device");
            options.setPassword("dev-secret".getBytes(StandardCharsets.UTF_8));
            options.setSocketFactory(certificates.clientContext().getSocketFactory());
            device.connect(options);
            try {
                MqttMessage message = new MqttMessage(
                        "{\"value\":7.5,\"timestamp\":\"2026-02-15T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                device.publish("plant/cnc-001/spindle/vibration_rms", message);
            } finally {
                device.disconnect();
                device.close();
            }
            MessageInfo stored = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .ignoreException(JetStreamApiException.class)
                    .until(() -> nats.jetStreamManagement().getLastMessage("TELEMETRY",
                            "acme.munich.hall-a.line-1.cnc-001.spindle.vibration_rms"), m -> m != null);
            assertEquals(7.5, new ObjectMapper().readTree(stored.getData()).path("value").asDouble());
            assertTrue(!gateway.output().contains("gw-secret"), "the password never reaches the log");
        }
    }
}
