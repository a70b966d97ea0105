package io.iiot.gateway.drain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unit a drain writes and settles: the messages of one fetch. A sink writes the batch in as few
 * transactions as it can and {@linkplain #reject marks} the messages it did not take; when the sink returns
 * normally, every message it did not reject has been committed and is acknowledged.
 */
public final class DrainBatch {

    private final List<DrainMessage> messages;
    private final Map<DrainMessage, Rejection> rejections = Collections.synchronizedMap(new IdentityHashMap<>());

    /** @param messages the fetched messages, in stream order */
    public DrainBatch(List<DrainMessage> messages) {
        this.messages = List.copyOf(messages);
    }

    /** The messages, in stream order. */
    public List<DrainMessage> messages() {
        return messages;
    }

    /** Number of messages. */
    public int size() {
        return messages.size();
    }

    /** Marks a message as not written, with the reason. */
    public void reject(DrainMessage message, Rejection rejection) {
        rejections.put(message, rejection);
    }

    /**
     * The rows to write: one per message id (a message published twice with one id is one reading), in stream
     * order. A message that is not telemetry is rejected as {@code bad_message} here.
     */
    public List<Measurement> measurements() {
        Map<String, Measurement> rows = new LinkedHashMap<>();
        for (DrainMessage message : messages) {
            try {
                rows.putIfAbsent(message.messageId(), Measurement.of(message));
            } catch (IllegalArgumentException e) {
                reject(message, Rejection.badMessage(e.getMessage()));
            }
        }
        return new ArrayList<>(rows.values());
    }

    /** Rejects every message that carries {@code messageId}: the row they share was refused. */
    public void reject(String messageId, Rejection rejection) {
        for (DrainMessage message : messages) {
            if (message.messageId().equals(messageId)) {
                reject(message, rejection);
            }
        }
    }

    /** The rejection of a message, or null when it was written. */
    public Rejection rejection(DrainMessage message) {
        return rejections.get(message);
    }

    /** Forgets every rejection, before the batch is written again. */
    public void clearRejections() {
        rejections.clear();
    }

    /** Number of rejected messages. */
    public int rejected() {
        return rejections.size();
    }

    @Override
    public String toString() {
        return "DrainBatch[" + messages.size() + " messages, " + rejections.size() + " rejected]";
    }
}
