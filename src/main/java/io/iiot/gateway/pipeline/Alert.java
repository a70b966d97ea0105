package io.iiot.gateway.pipeline;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * A reading that crossed one of its variable's alert thresholds, as published on
 * {@code {org}.{site}.alert.{area}.{line}.{machine}}.
 *
 * @param subject the alert subject
 * @param messageId its {@code Nats-Msg-Id}, derived from the reading's, so a retry is stored once
 * @param machineId machine token
 * @param sensor sensor token
 * @param metric dotted metric path
 * @param direction {@code high} (rose above the threshold) or {@code low} (fell below it)
 * @param threshold the threshold crossed
 * @param hysteresis how far back the value must come to clear the alert
 * @param value the reading's value
 * @param unit its unit
 * @param timestamp the reading's source timestamp
 * @param source where the reading came from
 */
@JsonPropertyOrder({"machine_id", "sensor", "metric", "direction", "threshold", "hysteresis", "value", "unit",
        "timestamp", "source"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Alert(
        @JsonIgnore String subject,
        @JsonIgnore String messageId,
        @JsonProperty("machine_id") String machineId,
        String sensor,
        String metric,
        String direction,
        double threshold,
        double hysteresis,
        double value,
        String unit,
        @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
                timezone = "UTC") Instant timestamp,
        String source) {
}
