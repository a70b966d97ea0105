package io.iiot.gateway.drain;

import io.iiot.gateway.namespace.DeadLetterReason;
import java.util.Locale;
import java.util.Objects;

/**
 * Why a sink did not take one message. A {@linkplain #permanent() permanent} rejection (a body that is not a
 * telemetry message) is dead-lettered at once, since retrying cannot change it; any other is retried after a
 * delay until the consumer's max deliver, then dead-lettered.
 *
 * @param reason the dead-letter reason
 * @param detail one line saying what was wrong
 * @param permanent true when retrying cannot help
 */
public record Rejection(DeadLetterReason reason, String detail, boolean permanent) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }

    /** A body that cannot be read as a telemetry message. */
    public static Rejection badMessage(String detail) {
        return new Rejection(DeadLetterReason.BAD_MESSAGE, detail, true);
    }

    /** A message the sink ({@code greenplum}, {@code cassandra}) refused; retried until max deliver. */
    public static Rejection refusedBy(String sink, String detail) {
        return new Rejection(DeadLetterReason.valueOf(sink.toUpperCase(Locale.ROOT) + "_REJECTED"), detail, false);
    }

    /** A failure of the route that is not the sink being down: every message comes back after a delay. */
    public static Rejection failed(String detail) {
        return new Rejection(DeadLetterReason.PROCESSING_FAILED, detail, false);
    }
}
