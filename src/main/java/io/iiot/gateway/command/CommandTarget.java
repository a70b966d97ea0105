package io.iiot.gateway.command;

import java.util.Objects;

/**
 * Where a command to a machine goes, as its {@code command:} entry in the asset model says.
 *
 * @param machine the machine id
 * @param kind the kind of target, one branch each in the commands route: {@code mqtt} (an MQTT publish),
 *        {@code opcua-write} (an OPC-UA write) or {@code opcua-call} (an OPC-UA method call); see
 *        {@link io.iiot.gateway.asset.MachineCommand}
 * @param address the target's address within its kind: the MQTT topic, the variable's or the method's node id
 */
public record CommandTarget(String machine, String kind, String address) {

    public CommandTarget {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
    }
}
