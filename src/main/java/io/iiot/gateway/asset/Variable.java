package io.iiot.gateway.asset;

import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One variable of a machine: a sensor metric, where it is read (an OPC-UA node, or nothing for MQTT variables) and
 * what the pipeline does with its readings.
 *
 * @param machine the machine's id
 * @param node OPC-UA node id on the machine's server, e.g. {@code ns=2;s=cnc-001/spindle/vibration_rms}; empty for
 *        a variable that arrives over MQTT
 * @param sensor sensor token
 * @param metric metric tokens, e.g. {@code vibration}, {@code rms}
 * @param unit engineering unit, may be empty
 * @param samplingIntervalMs OPC-UA sampling interval; empty means {@code opcua.sampling-interval-ms}
 * @param deadband deadband, if any
 * @param alert alert thresholds, if any
 * @param operationalState true for the variable that holds the machine's operational state (running, idle, ...):
 *        a change of it also updates the machine's key in the {@code MACHINE_STATE} KV bucket
 */
public record Variable(Token machine, Optional<String> node, Token sensor, List<Token> metric, String unit,
        OptionalLong samplingIntervalMs, Optional<Deadband> deadband, Optional<AlertLimits> alert,
        boolean operationalState) {

    public Variable {
        Objects.requireNonNull(machine, "machine");
        node = node == null ? Optional.empty() : node.filter(n -> !n.isBlank());
        Objects.requireNonNull(sensor, "sensor");
        metric = List.copyOf(metric);
        if (metric.isEmpty() || metric.size() > TelemetrySubject.MAX_METRIC_TOKENS) {
            throw new IllegalArgumentException(
                    "a metric has 1 to " + TelemetrySubject.MAX_METRIC_TOKENS + " tokens, got " + metric.size());
        }
        unit = unit == null ? "" : unit;
        samplingIntervalMs = samplingIntervalMs == null ? OptionalLong.empty() : samplingIntervalMs;
        deadband = deadband == null ? Optional.empty() : deadband;
        alert = alert == null ? Optional.empty() : alert;
    }

    /** The metric as its dotted path, e.g. {@code vibration.rms}. */
    public String metricPath() {
        return String.join(".", metric.stream().map(Token::toString).toList());
    }

    /** {@code sensor.metric}, e.g. {@code spindle.vibration.rms}: the variable's key within its machine. */
    public String key() {
        return sensor + "." + metricPath();
    }

    /** The sampling interval, or {@code defaultMs} when the model names none. */
    public long samplingIntervalMs(long defaultMs) {
        return samplingIntervalMs.orElse(defaultMs);
    }
}
