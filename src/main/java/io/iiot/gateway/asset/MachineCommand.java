package io.iiot.gateway.asset;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a command request to a machine does: one target, an MQTT publish, an OPC-UA write or an OPC-UA method call.
 *
 * @param mqttTopic MQTT topic a command is published to, if the machine takes commands over MQTT
 * @param node OPC-UA variable a command's value is written to (on the machine's server)
 * @param method OPC-UA method a command calls (on the machine's server)
 * @param object the OPC-UA object the method belongs to, given with {@code method} only
 */
public record MachineCommand(Optional<String> mqttTopic, Optional<String> node, Optional<String> method,
        Optional<String> object) {

    /** Kind of a command published to an MQTT topic. */
    public static final String MQTT = "mqtt";
    /** Kind of a command written to an OPC-UA variable. */
    public static final String OPCUA_WRITE = "opcua-write";
    /** Kind of a command that calls an OPC-UA method. */
    public static final String OPCUA_CALL = "opcua-call";

    public MachineCommand {
        mqttTopic = present(mqttTopic);
        node = present(node);
        method = present(method);
        object = present(object);
        long targets = Stream.of(mqttTopic, node, method).filter(Optional::isPresent).count();
        if (targets != 1) {
            throw new IllegalArgumentException("a command names one target: mqtt-topic, node or method");
        }
        if (method.isPresent() != object.isPresent()) {
            throw new IllegalArgumentException(method.isPresent()
                    ? "method needs object, the node id of the object the method belongs to"
                    : "object goes with method only");
        }
    }

    /** {@value #MQTT}, {@value #OPCUA_WRITE} or {@value #OPCUA_CALL}. */
    public String kind() {
        return mqttTopic.isPresent() ? MQTT : node.isPresent() ? OPCUA_WRITE : OPCUA_CALL;
    }

    /** The target within its kind: the topic, the variable's node id or the method's node id. */
    public String address() {
        return mqttTopic.or(() -> node).or(() -> method).orElseThrow();
    }

    /** Whether the target is on the machine's OPC-UA server. */
    public boolean onServer() {
        return mqttTopic.isEmpty();
    }

    private static Optional<String> present(Optional<String> value) {
        return value == null ? Optional.empty() : value.filter(v -> !v.isEmpty());
    }
}
