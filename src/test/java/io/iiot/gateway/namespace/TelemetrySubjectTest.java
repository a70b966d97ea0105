package io.iiot.gateway.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetrySubjectTest {

    private static TelemetrySubject subject(String area, List<Token> metric) {
        return new TelemetrySubject(Token.parse("acme"), Token.parse("munich"), Token.map(area), Token.parse("line-1"),
                Token.parse("cnc-001"), Token.parse("spindle"), metric);
    }

    @Test
    void buildsTheContractExample() {
        assertEquals("acme.munich.hall-a.line-1.cnc-001.spindle.vibration.rms",
                subject("hall-a", TelemetrySubject.parseMetric("vibration.rms")).toString());
    }

    @Test
    void aDottedAreaNameFromDataStaysOneToken() {
        assertEquals("acme.munich.hall_a_b.line-1.cnc-001.spindle.rms",
                subject("hall.a.b", List.of(Token.parse("rms"))).toString());
    }

    @Test
    void aReservedAreaIsRejectedSoTelemetryNeverEntersTheDeadLetterTree() {
        RejectedReadingException e = assertThrows(RejectedReadingException.class,
                () -> subject("DLQ", List.of(Token.parse("rms"))));
        assertEquals(DeadLetterReason.RESERVED_AREA, e.reason());
    }

    @Test
    void anEmptyMetricIsRejected() {
        assertEquals(DeadLetterReason.BAD_NAME,
                assertThrows(RejectedReadingException.class, () -> subject("hall-a", List.of())).reason());
    }

    @Test
    void aMetricDeeperThanTheLimitIsRejected() {
        List<Token> deep = TelemetrySubject.parseMetric("a.b.c.d.e");
        assertEquals(DeadLetterReason.BAD_NAME,
                assertThrows(RejectedReadingException.class, () -> subject("hall-a", deep)).reason());
    }

    @Test
    void parseMetricRefusesAnEmptyPart() {
        assertThrows(IllegalArgumentException.class, () -> TelemetrySubject.parseMetric("vibration..rms"));
    }

    @Test
    void deadLetterSubjectHasFourTokens() {
        assertEquals("acme.munich.dlq.bad_value",
                TelemetrySubject.deadLetter(Token.parse("acme"), Token.parse("munich"), DeadLetterReason.BAD_VALUE));
    }
}
