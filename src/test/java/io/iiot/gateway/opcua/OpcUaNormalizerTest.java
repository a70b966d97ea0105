package io.iiot.gateway.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.MessageId;
import io.iiot.gateway.namespace.Quality;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.Telemetry;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.junit.jupiter.api.Test;

class OpcUaNormalizerTest {

    private static final String ENDPOINT = "opc.tcp://127.0.0.1:4840/plant";
    private static final String VIBRATION = "ns=2;s=cnc-001/spindle/vibration_rms";
    private static final Instant SOURCE_TIME = Instant.parse("2026-02-15T10:00:00.123Z");

    private final OpcUaNormalizer normalizer = new OpcUaNormalizer(AssetModel.load(Path.of("config", "assets.yaml")),
            "acme", "munich");

    private static DataValue value(Object value, StatusCode status, Instant source, Instant server) {
        return new DataValue(new Variant(value), status, source == null ? null : new DateTime(source),
                server == null ? null : new DateTime(server));
    }

    @Test
    void placesTheNodeInTheNamespaceFromTheAssetModel() {
        Telemetry t = normalizer.normalize(value(2.45, StatusCode.GOOD, SOURCE_TIME, null), "plant-sim", VIBRATION);
        assertEquals("acme.munich.hall-a.line-1.cnc-001.spindle.vibration.rms", t.subject().toString());
    }

    @Test
    void carriesValueUnitTimestampAndSource() {
        Telemetry t = normalizer.normalize(value(2.45, StatusCode.GOOD, SOURCE_TIME, null), "plant-sim", VIBRATION);
        assertEquals(2.45, t.message().value());
        assertEquals("mm/s", t.message().unit());
        assertEquals(SOURCE_TIME, t.message().timestamp());
        assertEquals("opcua:" + ENDPOINT + "|" + VIBRATION, t.message().source());
    }

    @Test
    void theMessageIdComesFromSourceNodeAndSourceTime() {
        Telemetry t = normalizer.normalize(value(2.45, StatusCode.GOOD, SOURCE_TIME, null), "plant-sim", VIBRATION);
        assertEquals(MessageId.of("opcua:" + ENDPOINT, VIBRATION, SOURCE_TIME), t.messageId());
    }

    @Test
    void aBadStatusBecomesBadQuality() {
        Telemetry t = normalizer.normalize(value(1.0, new StatusCode(StatusCodes.Bad_SensorFailure), SOURCE_TIME, null),
                "plant-sim", VIBRATION);
        assertEquals(Quality.BAD, t.message().quality());
    }

    @Test
    void anUncertainStatusBecomesUncertainQuality() {
        Telemetry t = normalizer.normalize(
                value(1.0, new StatusCode(StatusCodes.Uncertain_LastUsableValue), SOURCE_TIME, null), "plant-sim",
                VIBRATION);
        assertEquals(Quality.UNCERTAIN, t.message().quality());
    }

    @Test
    void withoutASourceTimestampTheServerTimestampIsUsed() {
        Instant server = SOURCE_TIME.plusSeconds(1);
        Telemetry t = normalizer.normalize(value(1.0, StatusCode.GOOD, null, server), "plant-sim", VIBRATION);
        assertEquals(server, t.message().timestamp());
    }

    @Test
    void withoutAnyTimestampTheReadingIsRejected() {
        RejectedReadingException e = assertThrows(RejectedReadingException.class,
                () -> normalizer.normalize(value(1.0, StatusCode.GOOD, null, null), "plant-sim", VIBRATION));
        assertEquals(DeadLetterReason.NO_TIMESTAMP, e.reason());
    }

    @Test
    void anUnsignedValueBecomesAPlainNumber() {
        Telemetry t = normalizer.normalize(value(Unsigned.uint(7), StatusCode.GOOD, SOURCE_TIME, null), "plant-sim",
                VIBRATION);
        assertEquals(7L, t.message().value());
    }

    @Test
    void aNodeMissingFromTheAssetModelIsRejectedAsUnknownItem() {
        RejectedReadingException e = assertThrows(RejectedReadingException.class,
                () -> normalizer.normalize(value(1.0, StatusCode.GOOD, SOURCE_TIME, null), "plant-sim", "ns=2;s=nope"));
        assertEquals(DeadLetterReason.UNKNOWN_ITEM, e.reason());
    }
}
