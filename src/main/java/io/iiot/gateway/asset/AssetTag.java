package io.iiot.gateway.asset;

import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One item of the asset model: a source item (an OPC-UA node id) and the place in the plant it measures.
 *
 * @param item the source item, e.g. {@code ns=2;s=cnc-001/spindle/vibration_rms}
 * @param area area token
 * @param line line token
 * @param machine machine token
 * @param sensor sensor token
 * @param metric metric tokens, e.g. {@code vibration}, {@code rms}
 * @param unit engineering unit, may be empty
 * @param attributes static attributes copied into every message
 */
public record AssetTag(String item, Token area, Token line, Token machine, Token sensor, List<Token> metric,
        String unit, Map<String, String> attributes) {

    public AssetTag {
        if (item == null || item.isBlank()) {
            throw new IllegalArgumentException("node is missing");
        }
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(sensor, "sensor");
        metric = List.copyOf(metric);
        unit = unit == null ? "" : unit;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The telemetry subject of this tag within {@code org}/{@code site}. */
    public TelemetrySubject subject(Token org, Token site) {
        return new TelemetrySubject(org, site, area, line, machine, sensor, metric);
    }
}
