package io.iiot.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.simulator.PlantSimulator;
import io.iiot.gateway.testing.FreePorts;
import io.iiot.gateway.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic256Sha256 with user-name login, as an integration engineer sets it up: the gateway creates its client
 * certificate on first start, refuses the server's certificate until it is trusted, and connects once the rejected
 * certificate is moved into the trust list, without a restart.
 */
class OpcUaSecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final NatsServerExtension nats = new NatsServerExtension();

    @TempDir
    Path config;

    private PlantSimulator plant;
    private Connection client;
    private final Set<String> valuesSeen = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        plant = PlantSimulator.builder().machines(1).port(FreePorts.next()).updateInterval(Duration.ofMillis(250))
                .secure(true).user("operator", "s3cret").build();
        plant.start();
        client = Nats.connect(nats.url());
        Dispatcher dispatcher = client.createDispatcher(message -> {
            try {
                valuesSeen.add(message.getSubject() + "=" + JSON.readTree(message.getData()).path("value").asText());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        dispatcher.subscribe("acme.>");
        Files.createDirectories(config.resolve("jetstream"));
        try (Stream<Path> files = Files.list(Path.of("config", "jetstream"))) {
            for (Path file : files.toList()) {
                Files.copy(file, config.resolve("jetstream").resolve(file.getFileName()));
            }
        }
        Files.writeString(config.resolve("application.properties"), "gateway.org = acme\n");
        Files.writeString(config.resolve("assets.yaml"), """
                servers:
                  - id: encrypted
                    endpoint-url: %1$s
                    security-policy: Basic256Sha256
                    security-mode: SignAndEncrypt
                    username: operator
                  - id: signed
                    endpoint-url: %1$s
                    security-policy: Basic256Sha256
                    security-mode: Sign
                    username: operator
                machines:
                  - id: cnc-001
                    area: hall-a
                    line: line-1
                    server: encrypted
                    variables:
                      - node: "ns=2;s=cnc-001/spindle/vibration_rms"
                        sensor: spindle
                        metric: vibration.rms
                  - id: cnc-901
                    area: hall-a
                    line: line-1
                    server: signed
                    variables:
                      - node: "ns=2;s=cnc-001/spindle/vibration_rms"
                        sensor: spindle
                        metric: vibration.rms
                """.formatted(plant.endpointUrl()));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        plant.close();
    }

    private static Optional<Path> firstFile(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).findFirst();
        }
    }

    @Test
    void aServerIsTrustedByMovingItsRejectedCertificateAndThenStreamsOverSignAndEncryptAndSign() throws Exception {
        Path pki = config.resolve("pki");
        try (GatewayProcess gateway = GatewayProcess.start(config, Map.of(
                "NATS_SERVERS", nats.url(),
                "OPCUA_RECONNECT_DELAY_MS", "500",
                "OPCUA_PASSWORD_ENCRYPTED", "s3cret",
                "OPCUA_PASSWORD_SIGNED", "s3cret",
                "OPCUA_CERTIFICATE_DIR", config.resolve("client").toString(),
                "OPCUA_TRUST_DIR", pki.toString()))) {
            Path rejected = await().atMost(Duration.ofSeconds(60)).until(() -> {
                assertTrue(gateway.isAlive(), gateway::output);
                return firstFile(pki.resolve("rejected"));
            }, Optional::isPresent).orElseThrow();
            assertTrue(Files.isRegularFile(config.resolve("client").resolve("gateway-client.p12")),
                    "client certificate created on first start");
            Files.move(rejected, pki.resolve("trusted").resolve("certs").resolve(rejected.getFileName()));
            plant.setValue("cnc-001", "spindle/vibration_rms", 12.5);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertTrue(gateway.isAlive(), gateway::output);
                List<String> expected = List.of("acme.munich.hall-a.line-1.cnc-001.spindle.vibration.rms=12.5",
                        "acme.munich.hall-a.line-1.cnc-901.spindle.vibration.rms=12.5");
                assertTrue(valuesSeen.containsAll(expected), () -> "seen: " + valuesSeen);
            });
        }
    }
}
