package io.iiot.gateway.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageIdTest {

    private static final Instant T = Instant.parse("2026-02-15T10:00:00.123456Z");

    @Test
    void theSameReadingAlwaysGetsTheSameId() {
        assertEquals(MessageId.of("opcua:opc.tcp://plc-7:4840", "ns=2;s=Vib", T),
                MessageId.of("opcua:opc.tcp://plc-7:4840", "ns=2;s=Vib", Instant.parse("2026-02-15T10:00:00.123456Z")));
    }

    /**
     * Known answers, computed outside Java (first 32 hex characters of SHA-256 over source NUL item NUL timestamp):
     * a change of hash, separator or timestamp form would re-id every sample and defeat de-duplication across an
     * upgrade. The first vector is the one docs/message-format.md shows.
     */
    @Test
    void knownAnswers() {
        assertEquals("cda036519c68d67a8808a11c90204626", MessageId.of("opcua:opc.tcp://plc-7:4840",
                "ns=2;s=Spindle.Vib", Instant.parse("2026-02-15T10:00:00.123Z")));
        assertEquals("7389809603fb73a94d35af46ef89cacd", MessageId.of("opcua:opc.tcp://plc-7:4840",
                "ns=2;s=Spindle.Vib", T));
    }

    @Test
    void idIs32HexCharacters() {
        assertTrue(MessageId.of("s", "i", T).matches("[0-9a-f]{32}"));
    }

    @Test
    void anotherSourceGivesAnotherId() {
        assertNotEquals(MessageId.of("opcua:a", "i", T), MessageId.of("opcua:b", "i", T));
    }

    @Test
    void anotherItemGivesAnotherId() {
        assertNotEquals(MessageId.of("s", "ns=2;s=A", T), MessageId.of("s", "ns=2;s=B", T));
    }

    @Test
    void aTimestampOneMicrosecondLaterGivesAnotherId() {
        assertNotEquals(MessageId.of("s", "i", T), MessageId.of("s", "i", T.plusNanos(1000)));
    }

    @Test
    void partsCannotBeShiftedIntoEachOther() {
        assertNotEquals(MessageId.of("ab", "c", T), MessageId.of("a", "bc", T));
    }

    @Test
    void aMissingPartIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MessageId.of("s", "i", null));
    }
}
