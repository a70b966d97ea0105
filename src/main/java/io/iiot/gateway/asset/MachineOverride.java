package io.iiot.gateway.asset;

import java.util.Map;
import java.util.Optional;

/**
 * Run-time settings of one machine from the {@code MACHINE_CONFIG} KV bucket, applied over the asset model.
 *
 * @param revision the KV revision they came from
 * @param attributes merged over the model's attributes (same name: these win)
 * @param variables per variable key ({@code sensor.metric}), settings replacing the model's
 */
public record MachineOverride(long revision, Map<String, String> attributes, Map<String, VariableOverride> variables) {

    public MachineOverride {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    /**
     * Settings of one variable replacing the model's; an empty one keeps the model's.
     *
     * @param deadband replaces the model's deadband
     * @param alert replaces the model's alert thresholds
     */
    public record VariableOverride(Optional<Deadband> deadband, Optional<AlertLimits> alert) {
    }
}
