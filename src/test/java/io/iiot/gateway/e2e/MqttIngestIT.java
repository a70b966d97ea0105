package io.iiot.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.testing.MqttBroker;
import io.iiot.gateway.testing.MqttBrokerExtension;
import io.iiot.gateway.testing.MqttInbox;
import io.iiot.gateway.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT 5 ingest end to end through real servers: mosquitto, the gateway jar and a nats-server with JetStream. One
 * gateway serves the class; each test publishes on its own topics and checks what a user would find in the streams.
 */
class MqttIngestIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ASSETS = """
            machines:
              - {id: cnc-001, area: hall-a, line: line-1, command: {mqtt-topic: "plant/{machine}/command"}}
              - {id: cnc-002, area: hall-b, line: line-2}
            mqtt:
              topics:
                - topic: "plant/{machine}/{sensor}/{metric}"
                - topic: "bare/{machine}/{sensor}/{metric}"
                  missing-timestamp: arrival-time
                - topic: "devices/{machine}"
                  format: multi-metric
                  sensor: items
                - topic: "shared/{machine}/{sensor}/{metric}"
                  shared-group: gateways
            """;

    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @RegisterExtension
    static final MqttBrokerExtension BROKER = new MqttBrokerExtension(MqttBroker.builder().persistent());

    @TempDir
    static Path configDir;

    private static GatewayProcess gateway;
    private static Connection nats;
    private static MqttClient device;

    @BeforeAll
    static void startGateway() throws Exception {
        writeConfig(configDir, ASSETS);
        nats = Nats.connect(NATS.url());
        gateway = GatewayProcess.start(configDir, Map.of(
                "NATS_SERVERS", NATS.url(),
                "MQTT_BROKER_URL", BROKER.url(),
                "MQTT_MAX_PAYLOAD_BYTES", "2048"));
        device = connect("device-" + UUID.randomUUID());
        awaitSubscribed(gateway);
    }

    @AfterAll
    static void stopGateway() throws Exception {
        device.disconnect();
        device.close();
        gateway.close();
        nats.close();
    }

    /** The shipped config/ with {@code assets} as the asset model. */
    static void writeConfig(Path dir, String assets) throws IOException {
        try (var files = Files.walk(Path.of("config"))) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(Path.of("config").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Files.writeString(dir.resolve("assets.yaml"), assets);
    }

    static MqttClient connect(String clientId) throws Exception {
        MqttClient client = new MqttClient(BROKER.url(), clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setMaxReconnectDelay(1000);
        client.connect(options);
        return client;
    }

    /** Waits until the gateway's log says it subscribed to every topic. */
    static void awaitSubscribed(GatewayProcess gateway) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertTrue(gateway.isAlive(), () -> "gateway exited:\n" + gateway.output());
            return gateway.output().contains("MQTT subscribed to $share/gateways/shared/+/+/+");
        });
    }

    private static void publish(String topic, byte[] payload, MqttProperties properties) throws Exception {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        if (properties != null) {
            message.setProperties(properties);
        }
        device.publish(topic, message);
    }

    private static void publish(String topic, String payload) throws Exception {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), null);
    }

    /** Every message of {@code stream} whose subject starts with {@code prefix}, once there are {@code count}. */
    static List<MessageInfo> awaitMessages(String stream, String prefix, int count) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreException(JetStreamApiException.class)
                .until(() -> {
                    assertTrue(gateway.isAlive(), () -> "gateway exited:\n" + gateway.output());
                    return messages(stream, prefix);
                }, found -> found.size() >= count);
    }

    /** Every message of {@code stream} now whose subject starts with {@code prefix}. */
    static List<MessageInfo> messages(String stream, String prefix) throws IOException, JetStreamApiException {
        JetStreamManagement management = management();
        List<MessageInfo> found = new ArrayList<>();
        long last = management.getStreamInfo(stream).getStreamState().getLastSequence();
        for (long seq = 1; seq <= last; seq++) {
            MessageInfo info = management.getMessage(stream, seq);
            if (info.getSubject().startsWith(prefix)) {
                found.add(info);
            }
        }
        return found;
    }

    private static JetStreamManagement management() {
        try {
            return nats.jetStreamManagement();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(MessageInfo message) throws IOException {
        return JSON.readTree(message.getData());
    }

    @Test
    void aReadingOnAWildcardTopicArrivesOnItsSubject() throws Exception {
        publish("plant/cnc-001/spindle/vibration_rms",
                "{\"value\":2.13,\"unit\":\"mm/s\",\"timestamp\":\"2026-02-15T10:00:00.123Z\",\"quality\":\"good\"}");
        MessageInfo stored = awaitMessages("TELEMETRY", "acme.munich.hall-a.line-1.cnc-001.spindle.vibration_rms",
                1).get(0);
        JsonNode json = json(stored);
        assertEquals(2.13, json.path("value").asDouble());
        assertEquals("2026-02-15T10:00:00.123Z", json.path("timestamp").asText());
        assertEquals("mqtt:" + BROKER.url() + "|plant/cnc-001/spindle/vibration_rms", json.path("source").asText());
        assertEquals(32, stored.getHeaders().getFirst("Nats-Msg-Id").length());
    }

    @Test
    void mqtt5MetadataBecomesNatsHeaders() throws Exception {
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty("shift", "night"), new UserProperty("Nats-Msg-Id", "x")));
        properties.setContentType("application/json");
        properties.setCorrelationData(new byte[]{1, 2, 3});
        publish("plant/cnc-002/spindle/vibration_rms",
                "{\"value\":4.5,\"timestamp\":\"2026-02-15T10:00:01Z\"}".getBytes(StandardCharsets.UTF_8), properties);
        var headers = awaitMessages("TELEMETRY", "acme.munich.hall-b.line-2.cnc-002.spindle.vibration_rms", 1).get(0)
                .getHeaders();
        assertEquals("night", headers.getFirst("shift"));
        assertEquals("application/json", headers.getFirst("Mqtt-Content-Type"));
        assertEquals(Base64.getEncoder().encodeToString(new byte[]{1, 2, 3}),
                headers.getFirst("Mqtt-Correlation-Data"));
        // a device cannot choose the message id JetStream de-duplicates by
        assertEquals("x", headers.getFirst("Mqtt-User-Nats-Msg-Id"));
        assertEquals(32, headers.getFirst("Nats-Msg-Id").length());
    }

    @Test
    void aMultiMetricMessageBecomesOneSubjectPerItem() throws Exception {
        publish("devices/cnc-002", """
                {"_id":"594d186e51b3bc4eb0abafd9","timestamp":"2017-09-30T12:50:17.765Z",
                 "loc":[45.13887627405175,50.75920624235248],"context":"594e7bfb463aee1301da2d6b",
                 "items":{"APFluid":27.1245,"APGas":3.5,"Valve":"open"}}
                """);
        List<MessageInfo> stored = awaitMessages("TELEMETRY", "acme.munich.hall-b.line-2.cnc-002.items.", 3);
        assertEquals(List.of("acme.munich.hall-b.line-2.cnc-002.items.apfluid",
                "acme.munich.hall-b.line-2.cnc-002.items.apgas", "acme.munich.hall-b.line-2.cnc-002.items.valve"),
                stored.stream().map(MessageInfo::getSubject).sorted().toList());
        JsonNode first = json(
                stored.stream().filter(m -> m.getSubject().endsWith("apfluid")).findFirst().orElseThrow());
        assertEquals(27.1245, first.path("value").asDouble());
        assertEquals("45.13887627405175", first.path("attributes").path("longitude").asText());
        assertEquals("50.75920624235248", first.path("attributes").path("latitude").asText());
        assertEquals("594e7bfb463aee1301da2d6b", first.path("attributes").path("context").asText());
    }

    @Test
    void aBareValueIsStampedWithItsArrivalTimeWhereTheTopicSaysSo() throws Exception {
        publish("bare/cnc-001/motor/current", "12.5");
        JsonNode json = json(awaitMessages("TELEMETRY", "acme.munich.hall-a.line-1.cnc-001.motor.current", 1).get(0));
        assertEquals(12.5, json.path("value").asDouble());
        assertTrue(json.path("timestamp").asText().startsWith(Year.now().toString()), json.toString());
    }

    @Test
    void everyClassOfBadInputIsDeadLetteredWithItsReasonTopicAndOriginalBytes() throws Exception {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("plant/cnc-001/bad/not_json", "{\"value\":".getBytes(StandardCharsets.UTF_8));
        cases.put("plant/cnc-001/bad/bad_value",
                "{\"value\":{\"a\":1},\"timestamp\":1}".getBytes(StandardCharsets.UTF_8));
        cases.put("plant/cnc-001/bad/nan", "{\"value\":NaN,\"timestamp\":1}".getBytes(StandardCharsets.UTF_8));
        cases.put("plant/cnc-001/bad/infinity", "-Infinity".getBytes(StandardCharsets.UTF_8));
        cases.put("plant/cnc-001/bad/too_large",
                ("{\"value\":\"" + "x".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8));
        cases.put("plant/cnc-001/bad/bad_encoding", new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'});
        cases.put("plant/cnc-001//bad_name", "{\"value\":1,\"timestamp\":1}".getBytes(StandardCharsets.UTF_8));
        cases.put("plant/cnc-404/bad/unknown_machine",
                "{\"value\":1,\"timestamp\":1}".getBytes(StandardCharsets.UTF_8));
        cases.put("plant/cnc-001/bad/no_timestamp", "{\"value\":1}".getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> entry : cases.entrySet()) {
            publish(entry.getKey(), entry.getValue(), null);
        }
        Map<String, String> expectedReason = Map.of("not_json", "not_json", "bad_value", "bad_value", "nan",
                "bad_value", "infinity", "bad_value", "too_large", "too_large", "bad_encoding", "bad_encoding",
                "bad_name", "bad_name",
                "unknown_machine", "unknown_machine", "no_timestamp", "no_timestamp");
        List<MessageInfo> dead = awaitMessages("DEAD_LETTERS", "acme.munich.dlq.", cases.size());
        for (Map.Entry<String, byte[]> entry : cases.entrySet()) {
            String topic = entry.getKey();
            String reason = expectedReason.get(topic.substring(topic.lastIndexOf('/') + 1));
            MessageInfo letter = dead.stream()
                    .filter(m -> m.getHeaders().getFirst("Gateway-Source").endsWith("|" + topic))
                    .findFirst().orElseThrow(() -> new AssertionError("no dead letter for " + topic));
            assertEquals("acme.munich.dlq." + reason, letter.getSubject(), topic);
            assertEquals(reason, letter.getHeaders().getFirst("Gateway-Dlq-Reason"), topic);
            assertTrue(Arrays.equals(entry.getValue(), letter.getData()), topic + ": original bytes");
        }
    }

    @Test
    void aSharedSubscriptionSplitsTheLoadWithAnotherMemberOfItsGroup() throws Exception {
        MqttClient otherGateway = connect("other-gateway-" + UUID.randomUUID());
        // a callback, not a per-subscription listener: paho's listeners do not match $share filters
        MqttInbox inbox = new MqttInbox();
        otherGateway.setCallback(inbox);
        try {
            otherGateway.subscribe("$share/gateways/shared/+/+/+", 1);
            int sent = 20;
            for (int i = 0; i < sent; i++) {
                publish("shared/cnc-001/press/p" + i, "{\"value\":" + i + ",\"timestamp\":" + (1000 + i) + "}");
            }
            String prefix = "acme.munich.hall-a.line-1.cnc-001.press.";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> inbox.topics().size() + messages("TELEMETRY", prefix).size() >= sent);
            Set<String> taken = inbox.topics().stream().map(t -> t.substring(t.lastIndexOf('/') + 1))
                    .collect(Collectors.toSet());
            Set<String> stored = messages("TELEMETRY", prefix).stream()
                    .map(m -> m.getSubject().substring(prefix.length())).collect(Collectors.toSet());
            assertFalse(taken.isEmpty(), "the other member received none");
            assertFalse(stored.isEmpty(), "the gateway received none");
            assertEquals(sent, taken.size() + stored.size(), "each message goes to one member only");
            assertTrue(Collections.disjoint(taken, stored), "no message reaches both members");
        } finally {
            otherGateway.disconnect();
            otherGateway.close();
        }
    }

    @Test
    void aCommandRequestIsPublishedToTheMachinesCommandTopicAndAnswered() throws Exception {
        MqttClient machine = connect("cnc-001-" + UUID.randomUUID());
        MqttInbox inbox = new MqttInbox();
        machine.setCallback(inbox);
        try {
            machine.subscribe("plant/cnc-001/command", 1);
            Message reply = nats.request("acme.munich.command.hall-a.line-1.cnc-001",
                    "{\"spindle\":\"stop\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
            assertEquals("accepted", JSON.readTree(reply.getData()).path("status").asText(),
                    new String(reply.getData()));
            await().atMost(Duration.ofSeconds(10)).until(() -> inbox.payload("plant/cnc-001/command") != null);
            assertEquals("{\"spindle\":\"stop\"}", inbox.payload("plant/cnc-001/command"));
        } finally {
            machine.disconnect();
            machine.close();
        }
    }

    @Test
    void aCommandToAMachineWithoutTargetIsRejectedWithItsReason() throws Exception {
        Message reply = nats.request("acme.munich.command.hall-b.line-2.cnc-002", new byte[]{1},
                Duration.ofSeconds(30));
        JsonNode json = JSON.readTree(reply.getData());
        assertEquals("rejected", json.path("status").asText());
        assertTrue(json.path("error").asText().contains("takes no commands"), json.toString());
    }
}
