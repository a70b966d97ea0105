package io.iiot.gateway.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryMessageTest {

    private static TelemetryMessage message(Object value, Instant timestamp) {
        return new TelemetryMessage(value, "mm/s", timestamp, Quality.GOOD, Token.parse("cnc-001"),
                Token.parse("spindle"), TelemetrySubject.parseMetric("vibration.rms"),
                "opcua:opc.tcp://plc-7:4840|ns=2;s=Spindle.Vib", Map.of("longitude", "45.13"));
    }

    @Test
    void writesTheContractJson() {
        String json = new String(TelemetryJson.toBytes(message(2.45, Instant.parse("2026-02-15T10:00:00.123456Z"))),
                StandardCharsets.UTF_8);
        assertEquals("{\"value\":2.45,\"unit\":\"mm/s\",\"timestamp\":\"2026-02-15T10:00:00.123Z\","
                + "\"quality\":\"good\",\"machine_id\":\"cnc-001\",\"sensor\":\"spindle\",\"metric\":\"vibration.rms\","
                + "\"source\":\"opcua:opc.tcp://plc-7:4840|ns=2;s=Spindle.Vib\",\"attributes\":{\"longitude\":\"45.13\"}}",
                json);
    }

    @Test
    void aWholeSecondStillHasMilliseconds() {
        String json = new String(TelemetryJson.toBytes(message(true, Instant.parse("2026-02-15T10:00:00Z"))),
                StandardCharsets.UTF_8);
        assertEquals(true, json.contains("\"timestamp\":\"2026-02-15T10:00:00.000Z\""), json);
    }

    @Test
    void notANumberIsRejectedAsBadValue() {
        assertEquals(DeadLetterReason.BAD_VALUE, assertThrows(RejectedReadingException.class,
                () -> message(Double.NaN, Instant.now())).reason());
    }

    @Test
    void anOversizedStringIsRejectedAsBadValue() {
        String huge = "x".repeat(TelemetryMessage.MAX_STRING_VALUE + 1);
        assertEquals(DeadLetterReason.BAD_VALUE, assertThrows(RejectedReadingException.class,
                () -> message(huge, Instant.now())).reason());
    }

    @Test
    void anUnsupportedTypeIsRejectedAsBadValue() {
        assertEquals(DeadLetterReason.BAD_VALUE, assertThrows(RejectedReadingException.class,
                () -> message(new int[]{1}, Instant.now())).reason());
    }

    @Test
    void aMissingTimestampIsRejected() {
        assertEquals(DeadLetterReason.NO_TIMESTAMP, assertThrows(RejectedReadingException.class,
                () -> message(1.0, null)).reason());
    }
}
