package io.iiot.gateway.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iiot.gateway.asset.Variable;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryMessage;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the {@code MACHINE_STATE} KV bucket current: the key of each machine holds its operational state (the
 * value of its {@code operational-state} variable), so the plant's current states are one KV get each:
 * {@code {"state": "RUNNING", "quality": "good", "timestamp": "2026-02-15T10:00:00.123Z", "source": "..."}}.
 */
public final class MachineStates {

    /** The KV bucket written. */
    public static final String BUCKET = "MACHINE_STATE";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection nats;
    private final MachineSettings settings;
    private volatile KeyValue bucket;
    private final Map<String, List<Object>> recorded = new ConcurrentHashMap<>();

    /**
     * @param nats the gateway's NATS connection; the {@code MACHINE_STATE} bucket is opened on the first update
     * @param settings where a variable is marked as a machine's operational state
     */
    public MachineStates(Connection nats, MachineSettings settings) {
        this.nats = nats;
        this.settings = settings;
    }

    /** Writes each reading of the batch that {@link #isChange changes its machine's state}, in order. */
    public void update(Readings readings) throws IOException, JetStreamApiException {
        for (Telemetry telemetry : readings.telemetry()) {
            if (isChange(telemetry)) {
                update(telemetry);
            }
        }
    }

    /** True when the reading is a machine's operational state and differs from the one last recorded. */
    public boolean isChange(Telemetry telemetry) {
        TelemetryMessage message = telemetry.message();
        return settings.variable(message).map(Variable::operationalState).orElse(false)
                && !Objects.equals(recorded.get(message.machineId().toString()), key(message));
    }

    /** Writes the reading as the machine's current state. */
    public void update(Telemetry telemetry) throws IOException, JetStreamApiException {
        TelemetryMessage message = telemetry.message();
        ObjectNode state = JSON.createObjectNode();
        state.set("state", JSON.valueToTree(message.value()));
        state.put("quality", message.quality().json());
        state.put("timestamp", message.timestamp().truncatedTo(ChronoUnit.MILLIS).toString());
        state.put("source", message.source());
        if (bucket == null) {
            bucket = nats.keyValue(BUCKET);
        }
        bucket.put(message.machineId().toString(), JSON.writeValueAsBytes(state));
        recorded.put(message.machineId().toString(), key(message));
    }

    private static List<Object> key(TelemetryMessage message) {
        return List.of(message.value(), message.quality());
    }
}
