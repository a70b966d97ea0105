package io.iiot.gateway.mqtt;

import io.iiot.gateway.namespace.Token;
import java.util.Optional;

/** Where the asset model places a machine: the MQTT ingest's view of the model's machines. */
@FunctionalInterface
public interface Machines {

    /** The area and line of a machine, or empty when the model does not list it. */
    Optional<MqttIngestModel.Placement> placement(Token machine);
}
