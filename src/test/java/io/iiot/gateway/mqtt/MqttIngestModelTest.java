package io.iiot.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.ConfigException;
import io.iiot.gateway.namespace.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttIngestModelTest {

    @TempDir
    Path dir;

    private MqttIngestModel load(String yaml) throws IOException {
        Path file = dir.resolve("assets.yaml");
        Files.writeString(file, yaml);
        return MqttIngestModel.load(file);
    }

    private String error(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
    }

    @Test
    void readsTopicsWithTheirDefaults() throws IOException {
        MqttIngestModel model = load("""
                machines: []
                mqtt:
                  topics:
                    - topic: "plant/{machine}/{sensor}/{metric}"
                    - topic: "fleet/{machine}"
                      format: multi-metric
                      sensor: items
                      missing-timestamp: arrival-time
                      shared-group: gateways
                      qos: 2
                """);
        TopicMapping plant = model.topics().get(0);
        assertEquals("plant/+/+/+", plant.subscription());
        assertEquals(PayloadFormat.READING, plant.format());
        assertEquals(1, plant.qos());
        assertEquals(false, plant.arrivalTime());
        TopicMapping fleet = model.topics().get(1);
        assertEquals("$share/gateways/fleet/+", fleet.subscription());
        assertEquals(PayloadFormat.MULTI_METRIC, fleet.format());
        assertEquals(Token.parse("items"), fleet.sensor());
        assertTrue(fleet.arrivalTime());
        assertEquals(2, fleet.qos());
        assertTrue(model.unknownMachine().isEmpty());
    }

    @Test
    void aFileWithoutAnMqttSectionHasNoTopics() throws IOException {
        assertEquals(List.of(), load("machines: []\n").topics());
    }

    @Test
    void unknownMachinesCanGoToADefaultPlace() throws IOException {
        MqttIngestModel model = load("""
                mqtt:
                  unknown-machine: {area: unassigned, line: line-0}
                  topics: []
                """);
        assertEquals(new MqttIngestModel.Placement(Token.parse("unassigned"), Token.parse("line-0")),
                model.unknownMachine().orElseThrow());
    }

    @Test
    void everyMistakeIsOneLineNamingTheEntry() {
        assertTrue(error("mqtt:\n  topics:\n    - topic: \"a/{area}\"\n").contains(
                "assets.yaml: mqtt.topics[0].topic: '{area}' is not a level name"), "unknown level name");
        assertTrue(error("mqtt:\n  topics:\n    - topic: \"a/{machine}/{sensor}/{metric}\"\n      qos: 3\n")
                .contains("mqtt.topics[0]: qos is 0, 1 or 2"), "bad qos");
        assertTrue(error("mqtt:\n  topics:\n    - topic: \"a/{machine}/{metric}\"\n")
                .contains("mqtt.topics[0]: the topic 'a/{machine}/{metric}' names no {sensor}"), "no sensor");
        assertTrue(error("mqtt:\n  topics:\n    - topic: \"a/{machine}/{sensor}/{metric}\"\n      format: csv\n")
                .contains("mqtt.topics[0].format: 'csv' is not a format"), "bad format");
        assertTrue(error("mqtt:\n  unknown-machine: {area: alert, line: l}\n")
                .contains("mqtt.unknown-machine.area: 'alert' is reserved"), "reserved area");
        assertTrue(error("mqtt:\n  topics:\n    - topic: \"a/{machine}/{sensor}/{metric}\"\n      sensr: x\n")
                .contains("mqtt.topics[0].sensr: is not a setting"), "typo");
        assertTrue(error("mqtt:\n  topics:\n    - topic: \"a/{machine}/{sensor}/{metric}\"\n"
                + "    - topic: \"a/{sensor}/{machine}/{metric}\"\n")
                .contains("mqtt.topics[1].topic: 'a/+/+/+' is listed twice"), "same filter twice");
    }
}
