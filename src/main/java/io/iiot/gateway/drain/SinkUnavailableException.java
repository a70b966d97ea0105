package io.iiot.gateway.drain;

/**
 * The sink cannot be written at all (database down, connection lost, a systemic error such as a missing table or
 * permission): nothing of the batch is committed, and nothing about the messages themselves is wrong. The drain
 * keeps the batch, stops fetching and retries until the sink is back; it never dead-letters because of this.
 */
public class SinkUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param sink the sink's name, e.g. {@code greenplum}
     * @param cause what failed
     */
    public SinkUnavailableException(String sink, Throwable cause) {
        super(sink + " unavailable: " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }
}
