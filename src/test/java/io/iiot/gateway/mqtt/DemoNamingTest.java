package io.iiot.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.asset.Machine;
import io.iiot.gateway.asset.Variable;
import io.iiot.gateway.namespace.Token;
import io.iiot.gateway.simulator.PlantMqttPublisher;
import io.iiot.gateway.simulator.PlantVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The two sources of {@code make demo} name every machine variable alike: the simulator's MQTT topic, read through
 * the shipped {@code mqtt:} section of {@code config/assets.yaml}, lands on the subject of the OPC-UA variable of the
 * same node.
 */
class DemoNamingTest {

    private static final Path ASSETS = Path.of("config", "assets.yaml");

    @Test
    void everySimulatedVariableHasTheSameSubjectOverMqttAsOverOpcUa() {
        AssetModel assets = AssetModel.load(ASSETS);
        MqttNormalizer normalizer = new MqttNormalizer(MqttIngestModel.load(ASSETS), MqttConfiguration.machines(assets),
                new MqttPayloads(65536), "acme", "munich", "tcp://127.0.0.1:1883", Clock.systemUTC());
        assertFalse(assets.machines().isEmpty());
        for (Machine machine : assets.machines()) {
            for (Variable variable : machine.variables()) {
                String node = variable.node().orElseThrow();
                String path = node.substring(node.indexOf('/') + 1);
                if (Arrays.stream(PlantVariable.values()).noneMatch(v -> v.path().equals(path))) {
                    continue; // not a measurement the simulator publishes over MQTT (a command setpoint)
                }
                PlantVariable simulated = PlantVariable.fromPath(path);
                String topic = PlantMqttPublisher.topic(machine.id().toString(), simulated);
                String overMqtt = normalizer.normalize(topic, "{\"value\":1,\"timestamp\":1}"
                        .getBytes(StandardCharsets.UTF_8), Instant.now(), null).get(0).subject().toString();
                assertEquals(machine.subject(Token.parse("acme"), Token.parse("munich"), variable).toString(), overMqtt,
                        topic + " and " + node);
            }
        }
    }
}
