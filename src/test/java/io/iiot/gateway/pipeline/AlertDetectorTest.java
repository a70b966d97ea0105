package io.iiot.gateway.pipeline;

import static io.iiot.gateway.pipeline.PipelineFixtures.reading;
import static io.iiot.gateway.pipeline.PipelineFixtures.vibration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.namespace.Quality;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertDetectorTest {

    @TempDir
    Path dir;

    private AlertDetector detector;

    @BeforeEach
    void setUp() throws Exception {
        detector = new AlertDetector(PipelineFixtures.settings(dir));
    }

    private List<String> directions(double... values) {
        List<String> raised = new ArrayList<>();
        for (double value : values) {
            Alert alert = detector.crossing(vibration(value));
            raised.add(alert == null ? "-" : alert.direction());
        }
        return raised;
    }

    @Test
    void oneAlertPerCrossingNotPerSample() {
        assertEquals(List.of("-", "high", "-", "-", "-"), directions(5.0, 8.1, 9.0, 8.5, 7.9));
    }

    @Test
    void theNextAlertNeedsTheValueBackPastTheHysteresis() {
        // high 8.0, hysteresis 0.5: 7.6 is not back far enough, 7.4 is
        assertEquals(List.of("high", "-", "-", "-", "high"), directions(8.1, 7.6, 8.2, 7.4, 8.3));
    }

    @Test
    void aLowCrossingAndAJumpFromHighToLowEachRaiseOne() {
        assertEquals(List.of("low", "-", "high", "low"), directions(0.9, 0.8, 8.5, 0.5));
    }

    @Test
    void badQualityNeitherRaisesNorClears() {
        detector.crossing(vibration(8.5));
        assertNull(detector.crossing(reading("spindle", "vibration.rms", 2.0, Quality.BAD)));
        assertNull(detector.crossing(vibration(8.6)), "still above: the bad reading did not clear it");
    }

    @Test
    void theAlertGoesToTheMachinesAlertSubjectWithItsThresholdAndDirection() throws Exception {
        Alert alert = Objects.requireNonNull(detector.crossing(vibration(9.5)));
        assertEquals("acme.munich.alert.hall-a.line-1.cnc-001", alert.subject());
        JsonNode json = new ObjectMapper().readTree(AlertPublisher.json(alert));
        assertEquals("spindle", json.get("sensor").asText());
        assertEquals("vibration.rms", json.get("metric").asText());
        assertEquals("high", json.get("direction").asText());
        assertEquals(8.0, json.get("threshold").asDouble());
        assertEquals(9.5, json.get("value").asDouble());
    }
}
