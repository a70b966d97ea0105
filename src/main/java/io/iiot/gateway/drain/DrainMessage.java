package io.iiot.gateway.drain;

import java.time.Instant;
import java.util.Objects;

/**
 * One message fetched from a JetStream stream for a sink, with what the drain needs to write it once and to settle
 * it afterwards.
 *
 * @param subject the subject it was published on
 * @param data the body as stored
 * @param messageId its {@code Nats-Msg-Id}, or {@code seq-<stream sequence>} when the publisher set none
 * @param streamSequence its sequence in the stream
 * @param deliveredCount how many times the consumer has delivered it, this delivery included
 * @param storedAt when the stream stored it
 */
public record DrainMessage(String subject, byte[] data, String messageId, long streamSequence, long deliveredCount,
        Instant storedAt) {

    public DrainMessage {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(messageId, "messageId");
        data = data == null ? new byte[0] : data;
    }

    /** The id a message without {@code Nats-Msg-Id} gets: stable for as long as the stream keeps it. */
    public static String fallbackId(long streamSequence) {
        return "seq-" + streamSequence;
    }

    @Override
    public String toString() {
        return "DrainMessage[" + subject + " #" + streamSequence + " id=" + messageId + " delivered="
                + deliveredCount + "]";
    }
}
