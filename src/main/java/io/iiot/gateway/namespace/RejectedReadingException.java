package io.iiot.gateway.namespace;

/**
 * A reading that cannot become a canonical telemetry message. The error handler publishes the original bytes to
 * {@code {org}.{site}.dlq.{reason}} with {@link #reason()} and {@link #getMessage()} in headers, so nothing is lost.
 */
public final class RejectedReadingException extends RuntimeException {

    private final String reason;

    /**
     * @param reason a short {@code [a-z0-9_]+} code that becomes the last token of the dead-letter subject
     * @param detail one human-readable line
     */
    public RejectedReadingException(String reason, String detail) {
        super(detail);
        if (reason == null || !reason.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("reason must match [a-z0-9_]+: " + reason);
        }
        this.reason = reason;
    }

    /** The dead-letter reason code, a valid subject token. */
    public String reason() {
        return reason;
    }
}
