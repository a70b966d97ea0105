package io.iiot.gateway.drain;

import java.util.Objects;

/**
 * Why a sink did not take one message. A {@linkplain #permanent() permanent} rejection (a body that is not a
 * telemetry message) is dead-lettered at once, since retrying cannot change it; any other is retried after a
 * delay until the consumer's max deliver, then dead-lettered.
 *
 * @param reason the dead-letter reason, a subject token such as {@code bad_message} or {@code greenplum_rejected}
 * @param detail one line saying what was wrong
 * @param permanent true when retrying cannot help
 */
public record Rejection(String reason, String detail, boolean permanent) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }

    /** A body that cannot be read as a telemetry message. */
    public static Rejection badMessage(String detail) {
        return new Rejection("bad_message", detail, true);
    }

    /** A message the sink refused; retried until max deliver. */
    public static Rejection refusedBy(String sink, String detail) {
        return new Rejection(sink + "_rejected", detail, false);
    }
}
