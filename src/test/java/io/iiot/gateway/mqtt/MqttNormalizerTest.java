package io.iiot.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iiot.gateway.mqtt.MqttIngestModel.Placement;
import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.Token;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MqttNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-02-15T10:00:00Z");
    private static final Placement HALL_A = new Placement(Token.parse("hall-a"), Token.parse("line-1"));
    private static final Machines ONE_MACHINE = m -> m.toString().equals("cnc-001")
            ? Optional.of(HALL_A)
            : Optional.empty();
    private static final String READING = "{\"value\":2.5,\"unit\":\"mm/s\",\"timestamp\":\"2026-02-15T09:59:59.5Z\"}";

    private static TopicMapping plant(boolean arrivalTime) {
        return new TopicMapping(TopicTemplate.parse("plant/{machine}/{sensor}/{metric}"), PayloadFormat.READING,
                arrivalTime, 1, null, null, null);
    }

    private static MqttNormalizer normalizer(Placement unknownMachine, TopicMapping... topics) {
        return new MqttNormalizer(new MqttIngestModel(List.of(topics), unknownMachine), ONE_MACHINE,
                new MqttPayloads(65536), "acme", "munich", "tcp://broker:1883", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<Telemetry> normalize(MqttNormalizer normalizer, String topic, String payload) {
        return normalizer.normalize(topic, payload.getBytes(StandardCharsets.UTF_8), NOW, null);
    }

    private static String reason(MqttNormalizer normalizer, String topic, String payload) {
        return assertThrows(RejectedReadingException.class, () -> normalize(normalizer, topic, payload)).reason()
                .toString();
    }

    @Test
    void placesAReadingByItsTopicAndTheMachinesEntry() {
        Telemetry telemetry = normalize(normalizer(null, plant(false)), "plant/cnc-001/spindle/vibration_rms",
                READING).get(0);
        assertEquals("acme.munich.hall-a.line-1.cnc-001.spindle.vibration_rms", telemetry.subject().toString());
        assertEquals(2.5, telemetry.message().value());
        assertEquals(Instant.parse("2026-02-15T09:59:59.5Z"), telemetry.message().timestamp());
        assertEquals("mqtt:tcp://broker:1883|plant/cnc-001/spindle/vibration_rms", telemetry.message().source());
    }

    @Test
    void hostileTopicLevelsCanNeitherWidenNorRerouteASubject() {
        Telemetry telemetry = normalize(normalizer(new Placement(Token.parse("unassigned"), Token.parse("l0")),
                plant(false)), "plant/Mill.A*>/a.b/Lathe 3", READING).get(0);
        assertEquals("acme.munich.unassigned.l0.mill_a__.a_b.lathe_3", telemetry.subject().toString());
    }

    @Test
    void theSameSampleRedeliveredHasTheSameMessageId() {
        MqttNormalizer normalizer = normalizer(null, plant(false));
        String topic = "plant/cnc-001/spindle/rms";
        assertEquals(normalize(normalizer, topic, READING).get(0).messageId(),
                normalize(normalizer, topic, READING).get(0).messageId());
        assertNotEquals(normalize(normalizer, topic, READING).get(0).messageId(),
                normalize(normalizer, "plant/cnc-001/spindle/other", READING).get(0).messageId());
    }

    @Test
    void unknownMachinesAreDeadLetteredUnlessADefaultPlaceIsConfigured() {
        assertEquals("unknown_machine", reason(normalizer(null, plant(false)), "plant/cnc-999/s/m", READING));
        assertEquals("acme.munich.unassigned.l0.cnc-999.s.m",
                normalize(normalizer(new Placement(Token.parse("unassigned"), Token.parse("l0")), plant(false)),
                        "plant/cnc-999/s/m", READING).get(0).subject().toString());
    }

    @Test
    void aLevelThatMapsToNothingIsDeadLettered() {
        assertEquals("bad_name", reason(normalizer(null, plant(false)), "plant/cnc-001//m", READING));
    }

    @Test
    void aTopicNoMappingMatchesIsDeadLettered() {
        assertEquals("unknown_topic", reason(normalizer(null, plant(false)), "plant/cnc-001/s", READING));
    }

    @Test
    void aReadingWithoutTimestampIsDeadLetteredByDefault() {
        assertEquals("no_timestamp", reason(normalizer(null, plant(false)), "plant/cnc-001/s/m", "{\"value\":1}"));
    }

    @Test
    void aReadingWithoutTimestampGetsTheArrivalTimeWhereTheTopicSaysSo() {
        assertEquals(NOW, normalize(normalizer(null, plant(true)), "plant/cnc-001/s/m", "7").get(0).message()
                .timestamp());
    }

    @Test
    void anExpiredMessageIsNotPublishedAsFresh() {
        MqttNormalizer normalizer = normalizer(null, plant(false));
        RejectedReadingException rejected = assertThrows(RejectedReadingException.class,
                () -> normalizer.normalize("plant/cnc-001/s/m", READING.getBytes(StandardCharsets.UTF_8),
                        NOW.minusSeconds(10), NOW.minusSeconds(1)));
        assertEquals(DeadLetterReason.EXPIRED, rejected.reason());
    }

    @Test
    void aMultiMetricMessageBecomesOneSubjectPerItem() {
        TopicMapping fleet = new TopicMapping(TopicTemplate.parse("fleet/{machine}"), PayloadFormat.MULTI_METRIC,
                false, 1, null, Token.parse("items"), null);
        List<Telemetry> telemetry = normalize(normalizer(null, fleet), "fleet/CNC-001",
                "{\"_id\":\"x\",\"timestamp\":1506775817765,\"loc\":[45.1,50.7],\"context\":\"c1\","
                        + "\"items\":{\"APFluid\":27.12,\"Temp.Out\":3}}");
        assertEquals(List.of("acme.munich.hall-a.line-1.cnc-001.items.apfluid",
                "acme.munich.hall-a.line-1.cnc-001.items.temp_out"),
                telemetry.stream().map(t -> t.subject().toString()).toList());
        assertEquals("45.1", telemetry.get(1).message().attributes().get("longitude"));
        assertEquals("c1", telemetry.get(1).message().attributes().get("context"));
        assertNotEquals(telemetry.get(0).messageId(), telemetry.get(1).messageId());
    }

    @Test
    void aMultiMetricTopicWithoutMachineTakesTheDeviceId() {
        TopicMapping context = new TopicMapping(TopicTemplate.parse("ctx/#"), PayloadFormat.MULTI_METRIC, false, 1,
                null, Token.parse("items"), null);
        assertEquals("acme.munich.hall-a.line-1.cnc-001.items.a",
                normalize(normalizer(null, context), "ctx/x/y",
                        "{\"_id\":\"cnc-001\",\"timestamp\":1,\"items\":{\"a\":1}}").get(0).subject().toString());
    }
}
