package io.iiot.gateway.namespace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical telemetry message that every source is normalized into; its JSON form is described in
 * {@code docs/message-format.md}.
 *
 * @param value a finite number, a boolean or a string of at most {@value #MAX_STRING_VALUE} characters
 * @param unit engineering unit, may be empty
 * @param timestamp the source's timestamp; written as ISO-8601 UTC with milliseconds
 * @param quality quality as the source reported it
 * @param machineId machine token
 * @param sensor sensor token
 * @param metric metric tokens, 1 to {@value TelemetrySubject#MAX_METRIC_TOKENS}; written as the dotted path
 *        ({@code vibration.rms})
 * @param source {@code <protocol>:<connection>|<item>}, e.g. {@code opcua:opc.tcp://plc-7:4840|ns=2;s=Spindle.Vib}
 * @param attributes static attributes from the asset model
 */
@JsonPropertyOrder({"value", "unit", "timestamp", "quality", "machine_id", "sensor", "metric", "source", "attributes"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TelemetryMessage(
        Object value,
        String unit,
        @JsonSerialize(using = TimestampSerializer.class) Instant timestamp,
        Quality quality,
        @JsonProperty("machine_id") Token machineId,
        Token sensor,
        @JsonSerialize(using = MetricPathSerializer.class) List<Token> metric,
        String source,
        Map<String, String> attributes) {

    /** Longest string value accepted; longer values are dead-lettered rather than truncated. */
    public static final int MAX_STRING_VALUE = 4096;

    /**
     * @throws RejectedReadingException {@code bad_value} for a missing, non-finite, oversized or unsupported value,
     *         {@code no_timestamp} when the source gave no timestamp, {@code bad_name} for an empty or too deep
     *         metric
     */
    public TelemetryMessage {
        value = checkValue(value);
        if (timestamp == null) {
            throw new RejectedReadingException(DeadLetterReason.NO_TIMESTAMP, "the reading has no source timestamp");
        }
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(sensor, "sensor");
        metric = TelemetrySubject.checkMetric(metric);
        Objects.requireNonNull(source, "source");
        unit = unit == null ? "" : unit;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The metric as its dotted path, e.g. {@code vibration.rms}. */
    public String metricPath() {
        return TelemetrySubject.dotted(metric);
    }

    private static Object checkValue(Object value) {
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            throw new RejectedReadingException(DeadLetterReason.BAD_VALUE, "value is not a finite number: " + value);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof String s) {
            if (s.length() > MAX_STRING_VALUE) {
                throw new RejectedReadingException(DeadLetterReason.BAD_VALUE,
                        "string value is longer than " + MAX_STRING_VALUE + " characters");
            }
            return s;
        }
        throw new RejectedReadingException(DeadLetterReason.BAD_VALUE,
                value == null ? "value is missing" : "unsupported value type " + value.getClass().getSimpleName());
    }

    /** Writes the metric tokens as one dotted string. */
    /** Writes {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} (UTC, milliseconds always), by {@link UtcTime#appendMillis}. */
    static final class TimestampSerializer extends StdSerializer<Instant> {
        TimestampSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant timestamp, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeString(UtcTime.appendMillis(new StringBuilder(24), timestamp).toString());
        }
    }

    static final class MetricPathSerializer extends StdSerializer<List<Token>> {
        MetricPathSerializer() {
            super(List.class, false);
        }

        @Override
        public void serialize(List<Token> metric, JsonGenerator json, SerializerProvider provider)
                throws IOException {
            json.writeString(TelemetrySubject.dotted(metric));
        }
    }
}
