package io.iiot.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iiot.gateway.mqtt.MqttPayloads.Reading;
import io.iiot.gateway.namespace.Quality;
import io.iiot.gateway.namespace.RejectedReadingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MqttPayloadsTest {

    private final MqttPayloads payloads = new MqttPayloads(1024);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Reading one(String payload) {
        List<Reading> readings = payloads.read(utf8(payload), PayloadFormat.READING);
        assertEquals(1, readings.size());
        return readings.get(0);
    }

    private String reason(String payload, PayloadFormat format) {
        return reason(utf8(payload), format);
    }

    private String reason(byte[] payload, PayloadFormat format) {
        return assertThrows(RejectedReadingException.class, () -> payloads.read(payload, format)).reason().toString();
    }

    @Test
    void readsTheSimulatorsReading() {
        Reading reading = one(
                "{\"value\":2.13,\"unit\":\"mm/s\",\"timestamp\":\"2025-01-31T12:00:00.123Z\","
                        + "\"quality\":\"uncertain\"}");
        assertEquals(2.13, reading.value());
        assertEquals("mm/s", reading.unit());
        assertEquals(Instant.parse("2025-01-31T12:00:00.123Z"), reading.timestamp());
        assertEquals(Quality.UNCERTAIN, reading.quality());
    }

    @Test
    void epochMillisecondsAreATimestamp() {
        assertEquals(Instant.ofEpochMilli(1506775817765L),
                one("{\"value\":1,\"timestamp\":1506775817765}").timestamp());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"42|42", "-1.5|-1.5", "true|true", "RUNNING|RUNNING", "\"a b\"|a b"})
    void readsBareValues(String payload, String expected) {
        Reading reading = one(payload);
        assertEquals(expected, String.valueOf(reading.value()));
        assertNull(reading.timestamp());
    }

    @Test
    void splitsAMultiMetricMessageIntoOneReadingPerItem() {
        List<Reading> readings = payloads.read(utf8("""
                {"_id":"594d186e51b3bc4eb0abafd9","timestamp":"2017-09-30T12:50:17.765Z",
                 "loc":[45.13887627405175,50.75920624235248],"context":"594e7bfb463aee1301da2d6b",
                 "items":{"APFluid":27.1245,"Pump":true}}
                """), PayloadFormat.MULTI_METRIC);
        assertEquals(2, readings.size());
        assertEquals("APFluid", readings.get(0).item());
        assertEquals(27.1245, readings.get(0).value());
        assertEquals("Pump", readings.get(1).item());
        assertEquals(true, readings.get(1).value());
        assertEquals("594d186e51b3bc4eb0abafd9", readings.get(1).device());
        assertEquals(Map.of("longitude", "45.13887627405175", "latitude", "50.75920624235248", "context",
                "594e7bfb463aee1301da2d6b"), readings.get(0).attributes());
        assertEquals(Instant.parse("2017-09-30T12:50:17.765Z"), readings.get(1).timestamp());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"value\": |not_json",
            "{\"value\":1}} |not_json",
            "[1,2]|bad_payload",
            "{\"unit\":\"A\"}|bad_payload",
            "{\"value\":NaN}|bad_value",
            "{\"value\":-Infinity}|bad_value",
            "NaN|bad_value",
            "1e999|bad_value",
            "{\"value\":{\"a\":1}}|bad_value",
            "{\"value\":[1]}|bad_value",
            "{\"value\":null}|bad_value",
            "{\"value\":1,\"quality\":\"great\"}|bad_value",
            "{\"value\":1,\"timestamp\":\"yesterday\"}|bad_timestamp",
            "{\"value\":1,\"timestamp\":true}|bad_timestamp"})
    void badReadingsAreRejectedWithTheirReason(String payload, String reason) {
        assertEquals(reason, reason(payload, PayloadFormat.READING));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"items\": |not_json",
            "42|bad_payload",
            "{\"timestamp\":1}|bad_payload",
            "{\"items\":[1]}|bad_payload",
            "{\"items\":{\"a\":1},\"loc\":[1]}|bad_payload",
            "{\"items\":{\"a\":\"x\",\"b\":{}}}|bad_value"})
    void badMultiMetricMessagesAreRejectedWithTheirReason(String payload, String reason) {
        assertEquals(reason, reason(payload, PayloadFormat.MULTI_METRIC));
    }

    @Test
    void invalidUtf8IsRejected() {
        assertEquals("bad_encoding", reason(new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'}, PayloadFormat.READING));
    }

    @Test
    void oversizedPayloadsAreRejectedBeforeParsing() {
        assertEquals("too_large", reason("1".repeat(1025), PayloadFormat.READING));
    }
}
