package io.iiot.gateway.pipeline;

import io.iiot.gateway.asset.Variable;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds the machine's metadata to a reading: its attributes from the asset model and the {@code MACHINE_CONFIG} KV
 * bucket (configuration wins over attributes the source sent under the same name), and the variable's unit when the
 * source sent none.
 */
public final class TelemetryEnricher {

    private final MachineSettings settings;

    /** @param settings the model's settings with their run-time overrides */
    public TelemetryEnricher(MachineSettings settings) {
        this.settings = settings;
    }

    /** Enriches every reading of the batch ({@link #enrich(Telemetry)}). */
    public void enrich(Readings readings) {
        List<Telemetry> enriched = new ArrayList<>(readings.telemetry().size());
        for (Telemetry telemetry : readings.telemetry()) {
            enriched.add(enrich(telemetry));
        }
        readings.telemetry(enriched);
    }

    /** The reading with the machine's attributes and the variable's unit. */
    public Telemetry enrich(Telemetry telemetry) {
        TelemetryMessage message = telemetry.message();
        Map<String, String> attributes = new LinkedHashMap<>(message.attributes());
        attributes.putAll(settings.attributes(message.machineId().toString()));
        String unit = message.unit().isEmpty()
                ? settings.variable(message).map(Variable::unit).orElse("")
                : message.unit();
        if (attributes.equals(message.attributes()) && unit.equals(message.unit())) {
            return telemetry;
        }
        return telemetry.withMessage(new TelemetryMessage(message.value(), unit, message.timestamp(),
                message.quality(), message.machineId(), message.sensor(), message.metric(), message.source(),
                attributes));
    }
}
