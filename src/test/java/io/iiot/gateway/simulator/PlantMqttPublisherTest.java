package io.iiot.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlantMqttPublisherTest {

    private static final Instant TIME = Instant.parse("2025-01-31T12:00:00.123456Z");

    @Test
    void topicIsPlantMachineAndVariablePath() {
        assertEquals(
                "plant/cnc-007/spindle/vibration/rms",
                PlantMqttPublisher.topic("cnc-007", PlantVariable.SPINDLE_VIBRATION_RMS));
    }

    @Test
    void numericPayloadCarriesValueUnitMillisecondTimestampAndQuality() {
        String json = payload(PlantVariable.MOTOR_CURRENT, 12.5);

        assertEquals(
                "{\"value\":12.5,\"unit\":\"A\","
                        + "\"timestamp\":\"2025-01-31T12:00:00.123Z\",\"quality\":\"good\"}",
                json);
    }

    @Test
    void statePayloadHasNoUnit() {
        String json = payload(PlantVariable.OPERATIONAL_STATE, "IDLE");

        assertEquals(
                "{\"value\":\"IDLE\",\"timestamp\":\"2025-01-31T12:00:00.123Z\",\"quality\":\"good\"}",
                json);
    }

    @Test
    void httpBrokerUrlIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> PlantMqttPublisher.requireBrokerUrl("http://localhost:1883"));
    }

    private static String payload(PlantVariable variable, Object value) {
        return new String(PlantMqttPublisher.payload(variable, value, TIME), StandardCharsets.UTF_8);
    }
}
