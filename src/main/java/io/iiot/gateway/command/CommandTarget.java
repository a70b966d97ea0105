package io.iiot.gateway.command;

import java.util.Objects;

/**
 * Where a command to a machine goes, as its {@code command:} entry in the asset model says.
 *
 * @param machine the machine id
 * @param kind the kind of target: {@value #MQTT} (an MQTT publish); other kinds (an OPC-UA write) plug in the same
 *        way, with a branch of their own in the commands route
 * @param address the target's address within its kind, e.g. the MQTT topic
 */
public record CommandTarget(String machine, String kind, String address) {

    /** Kind of a target that is an MQTT topic. */
    public static final String MQTT = "mqtt";

    public CommandTarget {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
    }
}
