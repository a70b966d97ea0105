package io.iiot.gateway.namespace;

import java.util.Locale;

/**
 * Why a message went to the dead-letter queue: the last token of {@code {org}.{site}.dlq.{reason}} and the value
 * of the {@code Gateway-Dlq-Reason} header. Every reason the gateway uses is listed here and in
 * {@code docs/message-format.md} (a test keeps the two equal), so a consumer of the dead letters can rely on the set.
 * A new source adds its reasons here.
 */
public enum DeadLetterReason {

    /** A value that is missing, not a finite number, too long, or of a type a message cannot hold. */
    BAD_VALUE("a value that is missing, not a finite number, longer than 4096 characters, or of another type"),

    /** The source gave no timestamp for the reading. */
    NO_TIMESTAMP("the source gave no timestamp for the reading"),

    /** A name from the data that maps to no token (empty, or longer than 128 characters), or a metric too deep. */
    BAD_NAME("a name from the data that maps to an empty or over-long token, or a metric of more than 4 tokens"),

    /** An area whose token is reserved for another subject tree ({@code config}, {@code alert}, ...). */
    RESERVED_AREA("an area named config, alert, command, model or dlq"),

    /** An item (an OPC-UA node, an MQTT topic) the asset model does not know. */
    UNKNOWN_ITEM("an item (OPC-UA server or node) the asset model does not place"),

    /** An MQTT payload larger than {@code mqtt.max-payload-bytes}. */
    TOO_LARGE("an MQTT payload larger than mqtt.max-payload-bytes (256 KiB)"),

    /** An MQTT payload that is not UTF-8. */
    BAD_ENCODING("an MQTT payload that is not UTF-8"),

    /** An MQTT payload that starts like JSON but is not JSON. */
    NOT_JSON("an MQTT payload that starts like JSON ({, [, \") but is not JSON, or is empty"),

    /** JSON of the wrong shape. */
    BAD_PAYLOAD("an MQTT payload of the wrong shape (no value, items not an object, loc not [lon,lat])"),

    /** A timestamp that is neither ISO-8601 with an offset nor epoch milliseconds. */
    BAD_TIMESTAMP("a timestamp that is neither ISO-8601 with an offset nor epoch milliseconds"),

    /** A machine not in the asset model, with no unknown-machine place set. */
    UNKNOWN_MACHINE("an MQTT machine not in the asset model while no unknown-machine place is set"),

    /** An MQTT topic no topic of the asset model matches. */
    UNKNOWN_TOPIC("an MQTT topic no topic of assets.yaml matches (a subscription left in the broker's session)"),

    /** An MQTT 5 message whose expiry passed before it was published. */
    EXPIRED("an MQTT 5 message whose expiry interval passed before it was published"),

    /** A message in a drained stream that is not a telemetry message (cloud drains; dead-lettered at once). */
    BAD_MESSAGE("a message in the drained stream that is not telemetry: not JSON, no timestamp or value, or not a "
            + "telemetry subject"),

    /** A message Greenplum/PostgreSQL refused on every delivery up to max deliver (e.g. a NUL character). */
    GREENPLUM_REJECTED("a message Greenplum/PostgreSQL refused on every delivery up to nats.drain.max-deliver"),

    /** A message Cassandra refused as invalid on every delivery up to max deliver. */
    CASSANDRA_REJECTED("a message Cassandra refused as invalid on every delivery up to nats.drain.max-deliver"),

    /** Anything else that kept failing after the retries, e.g. a publish the stream never acknowledged. */
    PROCESSING_FAILED("a failure that persisted through every retry, e.g. a publish the stream never acknowledged");

    private final String description;

    DeadLetterReason(String description) {
        this.description = description;
    }

    /** The reason as a subject token, e.g. {@code bad_value}. */
    public Token token() {
        return Token.parse(name().toLowerCase(Locale.ROOT));
    }

    /** What a dead letter with this reason holds, one line for the docs. */
    public String description() {
        return description;
    }

    /** The token text, e.g. {@code bad_value}. */
    @Override
    public String toString() {
        return token().toString();
    }
}
