package io.iiot.gateway.namespace;

import java.util.Objects;

/**
 * A reading that cannot become a canonical telemetry message. The error handler publishes the original bytes to
 * {@code {org}.{site}.dlq.{reason}} with {@link #reason()} and {@link #getMessage()} in headers, so nothing is lost.
 */
public final class RejectedReadingException extends RuntimeException {

    private final DeadLetterReason reason;

    /**
     * @param reason why: the last token of the dead-letter subject
     * @param detail one human-readable line
     */
    public RejectedReadingException(DeadLetterReason reason, String detail) {
        super(detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The dead-letter reason. */
    public DeadLetterReason reason() {
        return reason;
    }
}
