package io.iiot.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.namespace.MessageId;
import io.iiot.gateway.simulator.PlantSimulator;
import io.iiot.gateway.testing.FreePorts;
import io.iiot.gateway.testing.NatsServerExtension;
import io.iiot.gateway.testing.OpcUaTestClients;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end through real servers: the plant simulator (OPC-UA), the gateway jar, and a
 * nats-server with JetStream. What a user checks: the value the PLC shows arrives on its subject, as the canonical
 * JSON, with the Nats-Msg-Id derived from source, node and source timestamp; a node the asset model does not
 * know is dead-lettered.
 */
class OpcUaToJetStreamIT {

    private static final String SUBJECT = "acme.munich.hall-a.line-1.cnc-001.spindle.vibration.rms";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RETRIES = 2;
    private static final DateTimeFormatter MILLISECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @RegisterExtension
    final NatsServerExtension server = new NatsServerExtension();

    @TempDir
    Path configDir;

    private PlantSimulator plant;
    private Connection client;

    @BeforeEach
    void startPlant() throws Exception {
        plant = PlantSimulator.builder().machines(3).port(FreePorts.next()).updateInterval(Duration.ofMillis(200))
                .build();
        plant.start();
        client = Nats.connect(server.url());
        GatewayProcess.copyTree(Path.of("config"), configDir);
    }

    @AfterEach
    void stopPlant() throws InterruptedException {
        client.close();
        plant.close();
    }

    /** The gateway on the shipped configuration, its asset model pointed at this test's simulator. */
    private GatewayProcess gateway() throws IOException {
        Path assets = configDir.resolve("assets.yaml");
        Files.writeString(assets,
                Files.readString(assets).replace("opc.tcp://127.0.0.1:4840/plant", plant.endpointUrl()));
        return GatewayProcess.start(configDir, Map.of(
                "NATS_SERVERS", server.url(),
                "OPCUA_SAMPLING_INTERVAL_MS", "100",
                "GATEWAY_REDELIVERY_MAX_RETRIES", String.valueOf(MAX_RETRIES),
                "OPCUA_CERTIFICATE_DIR", configDir.resolve("client").toString(),
                "OPCUA_TRUST_DIR", configDir.resolve("pki").toString(),
                "GATEWAY_REDELIVERY_DELAY_MS", "10",
                // a publish nobody acknowledges fails after this long: keeps the retry test well within its wait
                "NATS_PUBLISH_ACK_TIMEOUT_MS", "1000"));
    }

    /** The first dead letter whose body contains {@code text}, once there is one. */
    private MessageInfo awaitDeadLetter(GatewayProcess gateway, String text) throws IOException {
        var management = client.jetStreamManagement();
        try {
            return awaitDeadLetter(gateway, text, management);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no dead letter containing " + text + "; gateway output:\n" + gateway.output(),
                    e);
        }
    }

    private static MessageInfo awaitDeadLetter(GatewayProcess gateway, String text,
            io.nats.client.JetStreamManagement management) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreException(JetStreamApiException.class)
                .until(() -> {
                    assertTrue(gateway.isAlive(), () -> "gateway exited:\n" + gateway.output());
                    long last = management.getStreamInfo("DEAD_LETTERS").getStreamState().getLastSequence();
                    for (long seq = 1; seq <= last; seq++) {
                        MessageInfo info = management.getMessage("DEAD_LETTERS", seq);
                        if (new String(info.getData()).contains(text)) {
                            return info;
                        }
                    }
                    return null;
                }, m -> m != null);
    }

    /** Every message of the TELEMETRY stream on the subject whose value is {@code value}. */
    private List<MessageInfo> stored(String subject, double value) throws IOException, JetStreamApiException {
        List<MessageInfo> found = new ArrayList<>();
        var management = client.jetStreamManagement();
        long last = management.getStreamInfo("TELEMETRY").getStreamState().getLastSequence();
        for (long seq = 1; seq <= last; seq++) {
            MessageInfo info = management.getMessage("TELEMETRY", seq);
            if (info.getSubject().equals(subject) && JSON.readTree(info.getData()).path("value").asDouble() == value) {
                found.add(info);
            }
        }
        return found;
    }

    private MessageInfo awaitStored(GatewayProcess gateway, double value) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreException(JetStreamApiException.class)
                .until(() -> {
                    assertTrue(gateway.isAlive(), () -> "gateway exited:\n" + gateway.output());
                    return stored(SUBJECT, value);
                }, found -> !found.isEmpty()).get(0);
    }

    /** The source timestamp the simulator holds for {@code node} now. */
    private Instant sourceTime(String node) throws Exception {
        OpcUaClient opcUa = OpcUaTestClients.connect(plant.endpointUrl(), new AnonymousProvider());
        try {
            return opcUa.readValue(0.0, TimestampsToReturn.Both, NodeId.parse(node)).getSourceTime().getJavaInstant();
        } finally {
            opcUa.disconnect();
        }
    }

    @Test
    void aValueSetOnThePlcArrivesOnItsSubjectAsCanonicalJson() throws Exception {
        String node = plant.nodeId("cnc-001", "spindle/vibration_rms");
        try (GatewayProcess gateway = gateway()) {
            plant.setValue("cnc-001", "spindle/vibration_rms", 7.25);
            byte[] stored = awaitStored(gateway, 7.25).getData();
            // the whole message, byte for byte: members, their order, the timestamp's form, nothing more
            assertEquals("{\"value\":7.25,\"unit\":\"mm/s\",\"timestamp\":\"" + MILLISECONDS.format(sourceTime(node))
                    + "\",\"quality\":\"good\",\"machine_id\":\"cnc-001\",\"sensor\":\"spindle\","
                    + "\"metric\":\"vibration.rms\",\"source\":\"opcua:" + plant.endpointUrl() + "|" + node + "\","
                    + "\"attributes\":{\"vendor\":\"DMG Mori\"}}", new String(stored, StandardCharsets.UTF_8));
        }
    }

    @Test
    void theMessageIdIsDerivedFromSourceNodeAndSourceTimestamp() throws Exception {
        String node = plant.nodeId("cnc-001", "spindle/vibration_rms");
        try (GatewayProcess gateway = gateway()) {
            plant.setValue("cnc-001", "spindle/vibration_rms", 3.5);
            MessageInfo message = awaitStored(gateway, 3.5);
            // so a re-read of this sample, or a retry of its publish, carries the same id and is stored once
            assertEquals(MessageId.of("opcua:" + plant.endpointUrl(), node, sourceTime(node)),
                    message.getHeaders().getFirst("Nats-Msg-Id"));
        }
    }

    @Test
    void aReadingThatCannotBeStoredIsRetriedThenDeadLetteredAsItArrived() throws Exception {
        try (GatewayProcess gateway = gateway()) {
            plant.setValue("cnc-001", "spindle/vibration_rms", 6.25);
            awaitStored(gateway, 6.25);
            client.jetStreamManagement().deleteStream("TELEMETRY");
            // every publish attempt still reaches the subject: a plain subscriber sees each try (none acknowledges)
            Subscription attempts = client.subscribe(SUBJECT);
            plant.setValue("cnc-001", "spindle/vibration_rms", 6.5);
            MessageInfo dead = awaitDeadLetter(gateway, "value=6.5}");
            assertEquals("acme.munich.dlq.processing_failed", dead.getSubject());
            String original = new String(dead.getData());
            assertTrue(original.startsWith("DataValue") && original.contains("6.5"), original);
            List<String> ids = new ArrayList<>();
            for (Message attempt = attempts.nextMessage(Duration.ofSeconds(1)); attempt != null; attempt = attempts
                    .nextMessage(Duration.ofMillis(200))) {
                if (JSON.readTree(attempt.getData()).path("value").asDouble() == 6.5) {
                    ids.add(attempt.getHeaders().getFirst("Nats-Msg-Id"));
                }
            }
            assertEquals(1 + MAX_RETRIES, ids.size(), "the first attempt and each retry: " + ids);
            assertEquals(1, Set.copyOf(ids).size(), "a retry is the same message, with the same id: " + ids);
        }
    }
}
