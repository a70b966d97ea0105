package io.iiot.gateway.pipeline;

import static io.iiot.gateway.pipeline.PipelineFixtures.reading;
import static io.iiot.gateway.pipeline.PipelineFixtures.vibration;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.namespace.Quality;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadbandFilterTest {

    @TempDir
    Path dir;

    private MachineSettings settings;
    private DeadbandFilter filter;

    @BeforeEach
    void setUp() throws Exception {
        settings = PipelineFixtures.settings(dir);
        filter = new DeadbandFilter(settings);
    }

    @Test
    void aValueWithinTheDeadbandOfTheLastPublishedIsDropped() {
        assertFalse(filter.withinDeadband(vibration(2.0)), "the first value always passes");
        assertTrue(filter.withinDeadband(vibration(2.4)));
        assertTrue(filter.withinDeadband(vibration(2.5)), "measured from the last value let through, 2.0");
        assertFalse(filter.withinDeadband(vibration(2.6)));
        assertTrue(filter.withinDeadband(vibration(2.2)));
    }

    @Test
    void badQualityIsNeverDroppedAndTheNextGoodValuePasses() {
        filter.withinDeadband(vibration(2.0));
        assertFalse(filter.withinDeadband(reading("spindle", "vibration.rms", 2.0, Quality.BAD)));
        assertFalse(filter.withinDeadband(vibration(2.1)));
    }

    @Test
    void aVariableWithoutDeadbandAlwaysPasses() {
        assertFalse(filter.withinDeadband(reading("machine", "state", "RUNNING", Quality.GOOD)));
        assertFalse(filter.withinDeadband(reading("machine", "state", "RUNNING", Quality.GOOD)));
    }

    @Test
    void aDeadbandFromTheKvBucketReplacesTheModels() {
        settings.put("cnc-001", 3, """
                {"variables": {"spindle.vibration.rms": {"deadband": {"absolute": 0.05}}}}"""
                .getBytes(StandardCharsets.UTF_8));
        filter.withinDeadband(vibration(2.0));
        assertFalse(filter.withinDeadband(vibration(2.1)));
    }
}
