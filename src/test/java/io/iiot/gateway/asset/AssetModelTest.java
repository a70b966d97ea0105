package io.iiot.gateway.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetModelTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("assets.yaml"), yaml);
    }

    private static final String TAG = """
            tags:
              - node: "ns=2;s=a"
                area: %s
                line: line-1
                machine: cnc-001
                sensor: spindle
                metric: vibration.rms
            """;

    @Test
    void theShippedModelLoads() {
        AssetModel model = AssetModel.load(Path.of("config", "assets.yaml"));
        assertTrue(model.tag("ns=2;s=cnc-001/spindle/vibration_rms").isPresent());
    }

    @Test
    void anInvalidTokenIsReportedWithFileEntryAndProblem() throws IOException {
        Path file = write(TAG.formatted("\"Hall A\""));
        ConfigException e = assertThrows(ConfigException.class, () -> AssetModel.load(file));
        assertEquals(file + ": tags[0].area: 'Hall A' is not a subject token ([a-z0-9_-]+)", e.getMessage());
    }

    @Test
    void aReservedAreaIsRefused() throws IOException {
        Path file = write(TAG.formatted("alert"));
        assertTrue(assertThrows(ConfigException.class, () -> AssetModel.load(file)).getMessage()
                .contains("tags[0].area: 'alert' is reserved"));
    }

    @Test
    void aMissingFieldIsNamed() throws IOException {
        Path file = write(TAG.formatted("hall-a").replace("    sensor: spindle\n", ""));
        assertTrue(assertThrows(ConfigException.class, () -> AssetModel.load(file)).getMessage()
                .endsWith("tags[0].sensor: is missing"));
    }

    @Test
    void aNodeListedTwiceIsRefused() throws IOException {
        String twice = TAG.formatted("hall-a") + TAG.formatted("hall-b").replace("tags:\n", "");
        Path file = write(twice);
        assertTrue(assertThrows(ConfigException.class, () -> AssetModel.load(file)).getMessage()
                .contains("tags[1].node: 'ns=2;s=a' is listed twice"));
    }

    @Test
    void brokenYamlIsReportedInOneLine() throws IOException {
        Path file = write("tags: [\n  - {");
        String message = assertThrows(ConfigException.class, () -> AssetModel.load(file)).getMessage();
        assertTrue(message.startsWith(file + ": cannot be read as YAML"), message);
        assertEquals(1, message.lines().count());
    }
}
