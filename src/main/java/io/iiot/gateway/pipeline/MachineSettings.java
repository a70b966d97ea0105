package io.iiot.gateway.pipeline;

import io.iiot.gateway.ConfigException;
import io.iiot.gateway.asset.AlertLimits;
import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.asset.Deadband;
import io.iiot.gateway.asset.Machine;
import io.iiot.gateway.asset.MachineOverride;
import io.iiot.gateway.asset.Variable;
import io.iiot.gateway.jetstream.KvWatcher;
import io.iiot.gateway.namespace.TelemetryMessage;
import io.iiot.gateway.namespace.Token;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings the pipeline applies to a reading: the asset model's, overridden at run time by the machine's value
 * in the {@code MACHINE_CONFIG} KV bucket. Receives the bucket's changes as a {@link KvWatcher.Listener}; a change
 * applies to the next reading and its revision is logged. A value that is not valid is logged and ignored, and the
 * machine keeps its previous settings.
 */
public final class MachineSettings implements KvWatcher.Listener {

    /** The KV bucket this listens to. */
    public static final String BUCKET = "MACHINE_CONFIG";

    private static final Logger LOG = LoggerFactory.getLogger(MachineSettings.class);

    private final AssetModel assets;
    private final Map<String, MachineOverride> overrides = new ConcurrentHashMap<>();

    /** @param assets the asset model */
    public MachineSettings(AssetModel assets) {
        this.assets = assets;
    }

    @Override
    public void put(String key, long revision, byte[] value) {
        Token machine;
        try {
            machine = Token.parse(key);
        } catch (IllegalArgumentException e) {
            LOG.warn("{} {} revision {} ignored: the key is not a machine id", BUCKET, key, revision);
            return;
        }
        try {
            overrides.put(key, assets.parseOverride(machine, BUCKET + "/" + key, revision, value));
            LOG.info("{} {} revision {} applied", BUCKET, key, revision);
        } catch (ConfigException e) {
            LOG.warn("{} revision {} ignored, previous settings kept: {}", BUCKET, revision, e.getMessage());
        }
    }

    @Override
    public void deleted(String key, long revision) {
        if (overrides.remove(key) != null) {
            LOG.info("{} {} revision {} deleted: the asset model's settings apply", BUCKET, key, revision);
        }
    }

    /** The KV revision applied to a machine, if any. */
    public Optional<Long> appliedRevision(String machine) {
        return Optional.ofNullable(overrides.get(machine)).map(MachineOverride::revision);
    }

    /** The machine's attributes: the model's, with the KV value's merged over them. */
    public Map<String, String> attributes(String machine) {
        Map<String, String> attributes = new LinkedHashMap<>();
        machine(machine).ifPresent(m -> attributes.putAll(m.attributes()));
        Optional.ofNullable(overrides.get(machine)).ifPresent(o -> attributes.putAll(o.attributes()));
        return attributes;
    }

    /** The reading's variable in the model, if it has one. */
    public Optional<Variable> variable(TelemetryMessage message) {
        return assets.variable(message.machineId().toString(), message.sensor().toString(), message.metricPath());
    }

    /** The deadband that applies to the reading's variable, if any. */
    public Optional<Deadband> deadband(TelemetryMessage message) {
        return override(message).flatMap(MachineOverride.VariableOverride::deadband)
                .or(() -> variable(message).flatMap(Variable::deadband));
    }

    /** The alert thresholds that apply to the reading's variable, if any. */
    public Optional<AlertLimits> alert(TelemetryMessage message) {
        return override(message).flatMap(MachineOverride.VariableOverride::alert)
                .or(() -> variable(message).flatMap(Variable::alert));
    }

    /** The machine in the model, if it has one. */
    public Optional<Machine> machine(String machine) {
        try {
            return assets.machine(Token.parse(machine));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<MachineOverride.VariableOverride> override(TelemetryMessage message) {
        return Optional.ofNullable(overrides.get(message.machineId().toString()))
                .map(o -> o.variables().get(message.sensor() + "." + message.metricPath()));
    }
}
