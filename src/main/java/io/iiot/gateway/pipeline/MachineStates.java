package io.iiot.gateway.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iiot.gateway.asset.Variable;
import io.iiot.gateway.jetstream.JetStreamPublisher;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryMessage;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * Keeps the {@code MACHINE_STATE} KV bucket current: the key of each machine holds its operational state (the
 * value of its {@code operational-state} variable), so the plant's current states are one KV get each:
 * {@code {"state": "RUNNING", "quality": "good", "timestamp": "2026-02-15T10:00:00.123Z", "source": "..."}}.
 *
 * <p>A KV put is a JetStream publish to {@code $KV.MACHINE_STATE.<machine>}: it goes through the gateway's publisher,
 * so it is asynchronous, bounded and retried like telemetry, and the route goes on once it is stored.
 */
public final class MachineStates implements Predicate {

    /** The KV bucket written. */
    public static final String BUCKET = "MACHINE_STATE";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JetStreamPublisher publisher;
    private final MachineSettings settings;
    private final Map<String, List<Object>> recorded = new ConcurrentHashMap<>();

    /**
     * @param publisher the gateway's JetStream publisher
     * @param settings where a variable is marked as a machine's operational state
     */
    public MachineStates(JetStreamPublisher publisher, MachineSettings settings) {
        this.publisher = publisher;
        this.settings = settings;
    }

    /** {@link #isChange} of the exchange's body: a route uses it as a predicate ({@code ref: machineStates}). */
    @Override
    public boolean matches(Exchange exchange) {
        return isChange(exchange.getMessage().getBody(Telemetry.class));
    }

    /** True when the reading is a machine's operational state and differs from the one last recorded. */
    public boolean isChange(Telemetry telemetry) {
        TelemetryMessage message = telemetry.message();
        return settings.variable(message).map(Variable::operationalState).orElse(false)
                && !Objects.equals(recorded.get(message.machineId().toString()), key(message));
    }

    /**
     * Writes the reading as the machine's current state.
     *
     * @return completes with the reading (the route goes on with it) once the bucket has stored the state
     */
    public CompletableFuture<Telemetry> update(Telemetry telemetry) throws IOException, InterruptedException {
        TelemetryMessage message = telemetry.message();
        ObjectNode state = JSON.createObjectNode();
        state.set("state", JSON.valueToTree(message.value()));
        state.put("quality", message.quality().json());
        state.put("timestamp", message.timestamp().truncatedTo(ChronoUnit.MILLIS).toString());
        state.put("source", message.source());
        String machine = message.machineId().toString();
        return publisher.publishAsync("$KV." + BUCKET + "." + machine, new Headers(), JSON.writeValueAsBytes(state))
                .thenApply(stored -> {
                    recorded.put(machine, key(message));
                    return telemetry;
                });
    }

    private static List<Object> key(TelemetryMessage message) {
        return List.of(message.value(), message.quality());
    }
}
