package io.iiot.gateway.namespace;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical telemetry message (CONTRACT.md section 5) that every source is normalized into.
 *
 * @param value a finite number, a boolean or a string of at most {@value #MAX_STRING_VALUE} characters
 * @param unit engineering unit, may be empty
 * @param timestamp the source's timestamp; written as ISO-8601 UTC with milliseconds
 * @param quality quality as the source reported it
 * @param machineId machine token
 * @param sensor sensor token
 * @param metric dotted metric path
 * @param source {@code <protocol>:<connection>|<item>}, e.g. {@code opcua:opc.tcp://plc-7:4840|ns=2;s=Spindle.Vib}
 * @param attributes static attributes from the asset model
 */
@JsonPropertyOrder({"value", "unit", "timestamp", "quality", "machine_id", "sensor", "metric", "source", "attributes"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TelemetryMessage(
        Object value,
        String unit,
        @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
                timezone = "UTC") Instant timestamp,
        Quality quality,
        @JsonProperty("machine_id") String machineId,
        String sensor,
        String metric,
        String source,
        Map<String, String> attributes) {

    /** Longest string value accepted; longer values are dead-lettered rather than truncated. */
    public static final int MAX_STRING_VALUE = 4096;

    /**
     * @throws RejectedReadingException {@code bad_value} for a missing, non-finite, oversized or unsupported value,
     *         {@code no_timestamp} when the source gave no timestamp
     */
    public TelemetryMessage {
        value = checkValue(value);
        if (timestamp == null) {
            throw new RejectedReadingException("no_timestamp", "the reading has no source timestamp");
        }
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(source, "source");
        unit = unit == null ? "" : unit;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    private static Object checkValue(Object value) {
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            throw new RejectedReadingException("bad_value", "value is not a finite number: " + value);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof String s) {
            if (s.length() > MAX_STRING_VALUE) {
                throw new RejectedReadingException("bad_value",
                        "string value is longer than " + MAX_STRING_VALUE + " characters");
            }
            return s;
        }
        throw new RejectedReadingException("bad_value",
                value == null ? "value is missing" : "unsupported value type " + value.getClass().getSimpleName());
    }
}
