package io.iiot.gateway.pipeline;

import static io.iiot.gateway.pipeline.PipelineFixtures.vibration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineSettingsTest {

    @TempDir
    Path dir;

    private MachineSettings settings;

    @BeforeEach
    void setUp() throws Exception {
        settings = PipelineFixtures.settings(dir);
    }

    private void put(long revision, String json) {
        settings.put("cnc-001", revision, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void kvAttributesAreMergedOverTheModelsAndTheRevisionIsKept() {
        put(4, "{\"attributes\": {\"shift\": \"B\", \"vendor\": \"Okuma\"}}");
        assertEquals(Map.of("vendor", "Okuma", "shift", "B"), settings.attributes("cnc-001"));
        assertEquals(Optional.of(4L), settings.appliedRevision("cnc-001"));
    }

    @Test
    void kvAlertThresholdsReplaceTheModels() {
        put(5, "{\"variables\": {\"spindle.vibration.rms\": {\"alert\": {\"high\": 3.0}}}}");
        assertEquals(3.0, settings.alert(vibration(1.0).message()).orElseThrow().high().getAsDouble());
        assertEquals(0.5, settings.deadband(vibration(1.0).message()).orElseThrow().width(), "the model's");
    }

    @Test
    void anInvalidValueIsIgnoredAndThePreviousSettingsStay() {
        put(6, "{\"attributes\": {\"shift\": \"B\"}}");
        put(7, "{\"variables\": {\"spindle.nope\": {}}}");
        put(8, "not json");
        assertEquals(Optional.of(6L), settings.appliedRevision("cnc-001"));
        assertEquals("B", settings.attributes("cnc-001").get("shift"));
    }

    @Test
    void deletingTheKeyReturnsToTheModel() {
        put(9, "{\"attributes\": {\"shift\": \"B\"}}");
        settings.deleted("cnc-001", 10);
        assertEquals(Map.of("vendor", "DMG Mori"), settings.attributes("cnc-001"));
        assertTrue(settings.appliedRevision("cnc-001").isEmpty());
    }

    @Test
    void aKeyForAnUnknownMachineChangesNothing() {
        settings.put("press-9", 1, "{}".getBytes(StandardCharsets.UTF_8));
        settings.put("No Machine", 2, "{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(settings.appliedRevision("press-9").isEmpty());
    }
}
