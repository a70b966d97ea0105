package io.iiot.gateway.ops;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A Camel health check for one connection the gateway needs (NATS, the MQTT broker, one OPC-UA server,
 * Cassandra, Greenplum). Bind an instance in the Camel registry and it appears in {@code /observe/health} by
 * itself: Camel's health-check registry reads every {@code HealthCheck} bean of the registry on each call,
 * including beans bound after start (one per OPC-UA server discovered at run time).
 *
 * <pre>{@code
 * @BindToRegistry("mqtt-health")
 * public DependencyHealthCheck mqttHealth(@BeanInject("mqttClient") MqttClient client) {
 *     return new DependencyHealthCheck("mqtt", "broker " + url,
 *             () -> client.isConnected() ? DependencyState.up("connected") : DependencyState.down("disconnected"));
 * }
 * }</pre>
 *
 * A DOWN check turns {@code /observe/health} into 503. The state supplier is called on every health request, so it
 * must answer from what the client already knows (its connection state), never by opening a connection.
 */
public final class DependencyHealthCheck extends AbstractHealthCheck {

    /** Health-check group of every dependency; Camel's own checks use {@code camel}. */
    public static final String GROUP = "dependency";

    private final Supplier<DependencyState> state;

    /**
     * @param kind what it is: {@code nats}, {@code mqtt}, {@code opcua}, {@code cassandra}, {@code greenplum}
     * @param name which one, e.g. the server URL; the check's id is {@code kind:name}
     * @param state reads the connection's current state
     */
    public DependencyHealthCheck(String kind, String name, Supplier<DependencyState> state) {
        super(GROUP, kind + ":" + name);
        this.state = state;
    }

    @Override
    public boolean isLiveness() {
        // a lost connection is a reason to stop sending traffic here, not to restart the process
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        DependencyState current;
        try {
            current = state.get();
        } catch (RuntimeException e) {
            current = DependencyState.down("state unknown: " + e);
        }
        builder.message(current.message());
        builder.details(current.details());
        if (current.up()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
