package io.iiot.gateway.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    private static final String SUBJECT = "acme.munich.hall-a.line-1.cnc-001.spindle.vibration.rms";

    private static Measurement read(String subject, String body) {
        return Measurement.of(new DrainMessage(subject, body.getBytes(StandardCharsets.UTF_8), "id-1", 42, 1, null));
    }

    private static Measurement read(String value) {
        return read(SUBJECT, "{\"value\":" + value + ",\"unit\":\"mm/s\",\"timestamp\":\"2026-02-15T10:00:00.123Z\","
                + "\"quality\":\"uncertain\",\"attributes\":{\"value\":\"ignored\"}}");
    }

    @Test
    void placesTheReadingFromItsSubjectWithADottedMetric() {
        Measurement row = read("2.45");
        assertEquals(List.of("acme", "munich", "hall-a", "line-1", "cnc-001", "spindle", "vibration.rms"),
                List.of(row.org(), row.site(), row.area(), row.line(), row.machine(), row.sensor(), row.metric()));
        assertEquals(Instant.parse("2026-02-15T10:00:00.123Z"), row.ts());
        assertEquals(List.of("mm/s", "uncertain", "id-1", 42L),
                List.of(row.unit(), row.quality(), row.msgId(), row.streamSequence()));
        assertEquals(SUBJECT, row.subject());
    }

    @Test
    void keepsNumbersBooleansAndStrings() {
        assertEquals(2.45, read("2.45").value());
        assertNull(read("2.45").valueText());
        assertEquals(1.0, read("true").value());
        assertEquals("true", read("true").valueText());
        assertNull(read("\"RUNNING\"").value());
        assertEquals("RUNNING", read("\"RUNNING\"").valueText());
    }

    @Test
    void refusesWhatIsNotATelemetryMessage() {
        assertEquals("body is not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, "
                + "Array, Object or token 'null', 'true' or 'false')",
                assertThrows(IllegalArgumentException.class, () -> read(SUBJECT, "not json")).getMessage());
        assertEquals("body has no timestamp",
                assertThrows(IllegalArgumentException.class, () -> read(SUBJECT, "{\"value\":1}")).getMessage());
        assertEquals("value is not a number, boolean or string",
                assertThrows(IllegalArgumentException.class, () -> read("{\"a\":1}")).getMessage());
        assertEquals("'acme.munich.alert.a.b.c' is not a telemetry subject", assertThrows(
                IllegalArgumentException.class, () -> read("acme.munich.alert.a.b.c", "{}")).getMessage());
        assertEquals("'acme.munich.a.b.c.d.e.' is not a telemetry subject", assertThrows(
                IllegalArgumentException.class, () -> read("acme.munich.a.b.c.d.e.", "{}")).getMessage());
    }
}
