package io.iiot.gateway.asset;

import java.util.Optional;

/**
 * What a command request to a machine does.
 *
 * @param mqttTopic MQTT topic a command is published to, if the machine takes commands over MQTT
 * @param node OPC-UA node a command is written to, if the machine takes commands over OPC-UA (on the machine's
 *        server)
 */
public record MachineCommand(Optional<String> mqttTopic, Optional<String> node) {

    public MachineCommand {
        mqttTopic = mqttTopic == null ? Optional.empty() : mqttTopic.filter(t -> !t.isEmpty());
        node = node == null ? Optional.empty() : node.filter(n -> !n.isEmpty());
        if (mqttTopic.isEmpty() && node.isEmpty()) {
            throw new IllegalArgumentException("a command needs mqtt-topic, node or both");
        }
    }
}
