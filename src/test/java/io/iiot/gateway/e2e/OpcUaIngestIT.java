package io.iiot.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.simulator.PlantSimulator;
import io.iiot.gateway.simulator.PlantVariable;
import io.iiot.gateway.testing.FreePorts;
import io.iiot.gateway.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OPC-UA ingest of a whole asset model through the shared pipeline, as users run it: two plant simulators (two
 * servers, four machines), the gateway jar and a nats-server with the shipped streams. One gateway serves every
 * test; the server restart comes last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpcUaIngestIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TICK = Duration.ofMillis(250);

    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    private PlantSimulator plantA;
    private PlantSimulator plantB;
    private int portB;
    private Connection client;
    private GatewayProcess gateway;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Double> temperaturesWritten = new CopyOnWriteArrayList<>();

    record Received(String subject, JsonNode json) {
    }

    @BeforeAll
    void start() throws Exception {
        plantA = PlantSimulator.builder().machines(3).port(FreePorts.next()).updateInterval(TICK).build();
        plantA.addListener(snapshot -> snapshot.readings().stream()
                .filter(reading -> reading.machine().equals("cnc-003"))
                .forEach(cnc003 -> temperaturesWritten.add((Double) cnc003.value(PlantVariable.COOLANT_TEMPERATURE))));
        plantA.start();
        portB = FreePorts.next();
        plantB = startPlantB();
        client = Nats.connect(NATS.url());
        Dispatcher dispatcher = client.createDispatcher(message -> {
            try {
                received.add(new Received(message.getSubject(), JSON.readTree(message.getData())));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        dispatcher.subscribe("acme.>");
        Path config = Files.createTempDirectory("opcua-ingest");
        Files.createDirectories(config.resolve("jetstream"));
        try (var files = Files.list(Path.of("config", "jetstream"))) {
            for (Path file : files.toList()) {
                Files.copy(file, config.resolve("jetstream").resolve(file.getFileName()));
            }
        }
        Files.writeString(config.resolve("application.properties"), "gateway.org = acme\ngateway.site = munich\n");
        Files.writeString(config.resolve("assets.yaml"), """
                servers:
                  - id: plant-a
                    endpoint-url: %s
                  - id: plant-b
                    endpoint-url: %s
                machines:
                  - id: cnc-001
                    area: hall-a
                    line: line-1
                    server: plant-a
                    variables:
                      - node: "ns=2;s=cnc-001/spindle/vibration_rms"
                        sensor: spindle
                        metric: vibration.rms
                        unit: mm/s
                      - node: "ns=2;s=cnc-001/motor/current"
                        sensor: motor
                        metric: current
                        unit: A
                        deadband: {absolute: 1.0}
                      - node: "ns=2;s=cnc-001/machine/state"
                        sensor: machine
                        metric: state
                        operational-state: true
                      - node: "ns=2;s=cnc-001/no/such/node"
                        sensor: ghost
                        metric: value
                  - id: cnc-002
                    area: hall-a
                    line: line-1
                    server: plant-a
                    variables:
                      - node: "ns=2;s=cnc-002/spindle/vibration_rms"
                        sensor: spindle
                        metric: vibration.rms
                        alert: {high: 20.0, hysteresis: 2.0}
                      - node: "ns=2;s=cnc-002/motor/current"
                        sensor: motor
                        metric: current
                        unit: A
                  - id: cnc-003
                    area: hall-a
                    line: line-2
                    server: plant-a
                    variables:
                      - node: "ns=2;s=cnc-003/coolant/temperature"
                        sensor: coolant
                        metric: temperature
                        unit: "°C"
                        sampling-interval-ms: 100
                  - id: press-001
                    area: hall-b
                    line: line-9
                    server: plant-b
                    attributes: {vendor: "Schuler"}
                    variables:
                      - node: "ns=2;s=cnc-001/spindle/vibration_rms"
                        sensor: spindle
                        metric: vibration.rms
                        unit: mm/s
                """.formatted(plantA.endpointUrl(), plantB.endpointUrl()));
        gateway = GatewayProcess.start(config, Map.of(
                "NATS_SERVERS", NATS.url(),
                "OPCUA_SAMPLING_INTERVAL_MS", "100",
                "OPCUA_RECONNECT_DELAY_MS", "500",
                "OPCUA_CERTIFICATE_DIR", config.resolve("client").toString(),
                "OPCUA_TRUST_DIR", config.resolve("pki").toString()));
    }

    private PlantSimulator startPlantB() {
        PlantSimulator plant = PlantSimulator.builder().machines(1).port(portB).updateInterval(TICK).build();
        plant.start();
        return plant;
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (client != null) {
            client.close();
        }
        plantA.close();
        plantB.close();
    }

    private Received awaitReceived(String subject, Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertTrue(gateway.isAlive(), () -> "gateway exited:\n" + gateway.output());
            return received.stream().filter(r -> r.subject().equals(subject) && condition.test(r.json()))
                    .findFirst().orElse(null);
        }, r -> r != null);
    }

    private static Predicate<JsonNode> value(double value) {
        return json -> json.path("value").asDouble() == value;
    }

    private List<Double> values(String subject) {
        return received.stream().filter(r -> r.subject().equals(subject)).map(r -> r.json().path("value").asDouble())
                .toList();
    }

    @Test
    @Order(1)
    void everyMachineOfEveryServerArrivesOnItsSubjectWithTheModelsMetadata() {
        JsonNode press = awaitReceived("acme.munich.hall-b.line-9.press-001.spindle.vibration.rms", j -> true)
                .json();
        assertEquals("press-001", press.path("machine_id").asText());
        assertEquals("mm/s", press.path("unit").asText());
        assertEquals("Schuler", press.path("attributes").path("vendor").asText());
        assertEquals("opcua:" + plantB.endpointUrl() + "|ns=2;s=cnc-001/spindle/vibration_rms",
                press.path("source").asText());
        JsonNode current = awaitReceived("acme.munich.hall-a.line-1.cnc-002.motor.current", j -> true).json();
        assertEquals("A", current.path("unit").asText());
        assertEquals("good", current.path("quality").asText());
        awaitReceived("acme.munich.hall-a.line-2.cnc-003.coolant.temperature", j -> true);
    }

    @Test
    @Order(2)
    void aNodeTheServerRejectsIsReportedWhileTheMachinesOtherItemsFlow() {
        plantA.setValue("cnc-001", "spindle/vibration_rms", 4.75);
        awaitReceived("acme.munich.hall-a.line-1.cnc-001.spindle.vibration.rms", value(4.75));
        assertTrue(gateway.output().lines().anyMatch(
                line -> line.contains("node ns=2;s=cnc-001/no/such/node") && line.contains("rejected")),
                gateway::output);
    }

    @Test
    @Order(3)
    void aFastChangingValueArrivesWithoutAGap() {
        String subject = "acme.munich.hall-a.line-2.cnc-003.coolant.temperature";
        awaitReceived(subject, j -> true);
        int from = temperaturesWritten.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> temperaturesWritten.size() >= from + 16);
        List<Double> written = new ArrayList<>(temperaturesWritten.subList(from, from + 12));
        // every value the simulator wrote, one per interval, reaches JetStream
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Double> arrived = values(subject);
            List<Double> missing = written.stream().filter(v -> !arrived.contains(v)).toList();
            assertEquals(List.of(), missing, "written " + written);
        });
    }

    @Test
    @Order(4)
    void aReadingWithinItsDeadbandIsFilteredOut() {
        String subject = "acme.munich.hall-a.line-1.cnc-001.motor.current";
        plantA.setValue("cnc-001", "motor/current", 50.0);
        awaitReceived(subject, value(50.0));
        plantA.setValue("cnc-001", "motor/current", 50.5);
        // the same subscription delivers in order: two later temperatures mean 50.5 was sampled and passed on
        String temperature = "acme.munich.hall-a.line-2.cnc-003.coolant.temperature";
        int before = values(temperature).size();
        await().atMost(Duration.ofSeconds(30)).until(() -> values(temperature).size() >= before + 2);
        plantA.setValue("cnc-001", "motor/current", 51.25);
        awaitReceived(subject, value(51.25));
        assertFalse(values(subject).contains(50.5), "50.5 is within 1.0 of 50.0");
    }

    @Test
    @Order(5)
    void aThresholdCrossingRaisesOneAlert() {
        String telemetry = "acme.munich.hall-a.line-1.cnc-002.spindle.vibration.rms";
        String alerts = "acme.munich.alert.hall-a.line-1.cnc-002";
        for (double v : new double[]{25.0, 24.0, 26.0, 17.0, 27.5}) {
            plantA.setValue("cnc-002", "spindle/vibration_rms", v);
            awaitReceived(telemetry, value(v));
        }
        List<JsonNode> raised = received.stream().filter(r -> r.subject().equals(alerts)).map(Received::json)
                .toList();
        // 25 raises, 24 and 26 stay above, 17 clears (below 20 - 2), 27.5 raises again
        assertEquals(List.of(25.0, 27.5), raised.stream().map(j -> j.path("value").asDouble()).toList());
        assertEquals("high", raised.get(0).path("direction").asText());
        assertEquals(20.0, raised.get(0).path("threshold").asDouble());
        assertEquals("vibration.rms", raised.get(0).path("metric").asText());
    }

    @Test
    @Order(6)
    void aStateChangeUpdatesTheMachinesKeyInMachineState() throws Exception {
        plantA.setValue("cnc-001", "machine/state", "ALARM");
        var bucket = client.keyValue("MACHINE_STATE");
        KeyValueEntry entry = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> bucket.get("cnc-001"),
                        e -> e != null && new String(e.getValue(), StandardCharsets.UTF_8).contains("\"ALARM\""));
        assertEquals("ALARM", JSON.readTree(entry.getValue()).path("state").asText());
    }

    @Test
    @Order(7)
    void aMachineConfigChangeInTheKvBucketAppliesWithoutRestart() throws Exception {
        client.keyValue("MACHINE_CONFIG").put("cnc-003", "{\"attributes\": {\"shift\": \"B\"}}"
                .getBytes(StandardCharsets.UTF_8));
        awaitReceived("acme.munich.hall-a.line-2.cnc-003.coolant.temperature",
                json -> json.path("attributes").path("shift").asText().equals("B"));
        assertTrue(gateway.output().contains("MACHINE_CONFIG cnc-003 revision"), gateway::output);
    }

    @Test
    @Order(8)
    void aRestartedServerIsReconnectedWhileTheOtherServerKeepsFlowing() {
        String check = "\"id\":\"opcua:" + plantB.endpointUrl() + "\",\"group\":\"dependency\",\"state\":\"";
        plantB.close();
        plantA.setValue("cnc-002", "motor/current", 61.5);
        awaitReceived("acme.munich.hall-a.line-1.cnc-002.motor.current", value(61.5));
        // health names the server that is away, and its session series says so
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String health = gateway.get("/observe/health");
            assertTrue(health.startsWith("503 ") && health.contains(check + "DOWN"), health);
            assertTrue(gateway.get("/observe/metrics").contains("gateway_opcua_session_up{server=\"plant-b\"} 0.0"));
        });
        plantB = startPlantB();
        plantB.setValue("cnc-001", "spindle/vibration_rms", 33.25);
        awaitReceived("acme.munich.hall-b.line-9.press-001.spindle.vibration.rms", value(33.25));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertTrue(gateway.get("/observe/health").contains(check + "UP"));
            assertTrue(gateway.get("/observe/metrics").contains("gateway_opcua_session_up{server=\"plant-b\"} 1.0"));
        });
    }

    @Test
    @Order(9)
    void changesFasterThanAnItemsQueueHoldsAreCountedAsOverflowsNotLostSilently() {
        // 200 changes within one publishing interval: the item's queue holds 20 (2 s of 100 ms samples), the
        // server discards the oldest and flags the next value with the overflow bit, which the gateway counts
        for (int i = 0; i < 200; i++) {
            plantA.setValue("cnc-002", "motor/current", 1000.0 + i);
        }
        awaitReceived("acme.munich.hall-a.line-1.cnc-002.motor.current", value(1199.0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = gateway.get("/observe/metrics");
            assertTrue(metrics.matches("(?s).*gateway_opcua_overflows_total\\{server=\"plant-a\"} [1-9].*"),
                    metrics.lines().filter(l -> l.contains("opcua")).toList()::toString);
            assertTrue(gateway.output().contains("queue overflow at node ns=2;s=cnc-002/motor/current"));
            // the server discarded those samples, not the gateway: it held far fewer values than it holds
            assertTrue(metrics.contains("gateway_opcua_dropped_total{server=\"plant-a\"} 0.0"),
                    metrics.lines().filter(l -> l.contains("opcua")).toList()::toString);
        });
    }
}
