package io.iiot.gateway.opcua;

import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;

/**
 * One value change of a monitored node, as the {@code opcua-assets} source hands it on: a batch of these, the values
 * one subscription notification carried, is one exchange.
 *
 * @param server the server's id in the asset model
 * @param endpoint the server's endpoint URL
 * @param node the node id, e.g. {@code ns=2;s=Spindle.Vib}
 * @param value the value the server reported
 */
public record OpcUaValue(String server, String endpoint, String node, DataValue value) {

    /** Where it came from, {@code opcua:<endpoint>|<node>}, as a dead letter names it. */
    public String source() {
        return "opcua:" + endpoint + "|" + node;
    }
}
