package io.iiot.gateway.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SettlementTest {

    private static DrainMessage delivered(long times) {
        return new DrainMessage("acme.munich.a.l.m.s.v", new byte[0], "id", 1, times, null);
    }

    @Test
    void aWrittenMessageIsAcknowledged() {
        assertEquals(Settlement.ACKNOWLEDGE, Settlement.of(delivered(7), null, 5));
    }

    @Test
    void aRefusedMessageComesBackUntilMaxDeliverThenIsDeadLettered() {
        Rejection refused = Rejection.refusedBy("greenplum", "invalid byte sequence");
        assertEquals(Settlement.RETRY_LATER, Settlement.of(delivered(4), refused, 5));
        assertEquals(Settlement.DEAD_LETTER, Settlement.of(delivered(5), refused, 5));
    }

    @Test
    void aMessageThatIsNotTelemetryIsDeadLetteredAtOnce() {
        assertEquals(Settlement.DEAD_LETTER, Settlement.of(delivered(1), Rejection.badMessage("not JSON"), 5));
    }
}
