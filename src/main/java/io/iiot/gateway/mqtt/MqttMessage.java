package io.iiot.gateway.mqtt;

import java.time.Instant;
import java.util.Objects;

/**
 * One message as the gateway received it from the broker: the body the {@code mqtt-telemetry-source} kamelet emits,
 * so the normalizer takes it as its one argument.
 *
 * @param payload the payload as it arrived
 * @param arrival when the gateway received it
 * @param metadata its topic and MQTT 5 properties
 */
public record MqttMessage(byte[] payload, Instant arrival, MqttMetadata metadata) {

    public MqttMessage {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(metadata, "metadata");
    }

    /** The topic it was published on. */
    public String topic() {
        return metadata.topic();
    }

    @Override
    public String toString() {
        return "MqttMessage[" + topic() + ", " + payload.length + " bytes, received " + arrival + "]";
    }
}
