package io.iiot.gateway.drain;

/**
 * What the drain tells JetStream about one message once its batch has been written.
 */
public enum Settlement {
    /** Committed by the sink: acknowledge. */
    ACKNOWLEDGE,
    /** Not written this time: negative-acknowledge with a delay, so it comes back later. */
    RETRY_LATER,
    /** Retrying cannot help, or max deliver is reached: publish it to the DLQ with its reason, then terminate it. */
    DEAD_LETTER;

    /**
     * @param message the delivered message
     * @param rejection why the sink did not take it, or null when it did
     * @param maxDeliver deliveries after which a rejected message is dead-lettered
     */
    public static Settlement of(DrainMessage message, Rejection rejection, long maxDeliver) {
        if (rejection == null) {
            return ACKNOWLEDGE;
        }
        if (rejection.permanent() || message.deliveredCount() >= maxDeliver) {
            return DEAD_LETTER;
        }
        return RETRY_LATER;
    }
}
