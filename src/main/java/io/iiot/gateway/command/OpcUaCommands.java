package io.iiot.gateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.asset.Machine;
import io.iiot.gateway.asset.MachineCommand;
import io.iiot.gateway.namespace.Token;
import io.iiot.gateway.opcua.OpcUaSessions;
import java.io.IOException;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * Carries out the OPC-UA commands of the commands route through the session the gateway already keeps with the
 * machine's server ({@link OpcUaSessions}): writes a request's value to the machine's command variable, or calls its
 * command method. Returns once the server answered Good; any other answer is a {@link CommandRefusedException}
 * naming the status code.
 */
public final class OpcUaCommands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AssetModel assets;
    private final OpcUaSessions sessions;

    /**
     * @param assets the asset model: a machine's server and its command's node ids
     * @param sessions the OPC-UA source's sessions
     */
    public OpcUaCommands(AssetModel assets, OpcUaSessions sessions) {
        this.assets = assets;
        this.sessions = sessions;
    }

    /**
     * Writes the request's {@code value} to the target variable, converted to the variable's data type.
     *
     * @param target a target of kind {@value MachineCommand#OPCUA_WRITE}
     * @param body {@code {"value": …}}
     */
    public void write(CommandTarget target, byte[] body) throws UaException {
        JsonNode value = CommandValue.of(body);
        String server = server(target);
        OpcUaClient client = sessions.client(server);
        NodeId node = nodeId(target.address());
        DataValue dataType = client.read(0.0, TimestampsToReturn.Neither,
                List.of(new ReadValueId(node, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE)))
                .getResults()[0];
        check(dataType.getStatusCode(), "reading the data type of " + target.address() + " on " + server);
        OpcUaDataType type = dataType.getValue().getValue() instanceof NodeId id ? OpcUaDataType.fromNodeId(id) : null;
        if (type == null) {
            throw new IllegalArgumentException("the data type " + dataType.getValue().getValue() + " of "
                    + target.address() + " is not a built-in type; commands write built-in types only");
        }
        StatusCode written = client.writeValues(List.of(node),
                List.of(DataValue.valueOnly(new Variant(CommandValue.convert(value, type))))).get(0);
        check(written, "writing " + value + " to " + target.address() + " on " + server);
    }

    /**
     * Calls the target method of the machine's command object, without input arguments.
     *
     * @param target a target of kind {@value MachineCommand#OPCUA_CALL}
     * @param body empty or a JSON object without {@code arguments}
     */
    public void call(CommandTarget target, byte[] body) throws UaException {
        if (body != null && body.length > 0 && hasArguments(body)) {
            throw new IllegalArgumentException("the command method " + target.address()
                    + " is called without input arguments; the request gave some");
        }
        String server = server(target);
        String object = machine(target).command().flatMap(MachineCommand::object).orElseThrow();
        CallMethodResult result = sessions.client(server).call(List.of(new CallMethodRequest(nodeId(object),
                nodeId(target.address()), new Variant[0]))).getResults()[0];
        check(result.getStatusCode(), "calling " + target.address() + " of " + object + " on " + server);
    }

    private static boolean hasArguments(byte[] body) {
        try {
            JsonNode request = JSON.readTree(body);
            return request == null || !request.isObject() || request.has("arguments");
        } catch (IOException e) {
            return true;
        }
    }

    private Machine machine(CommandTarget target) {
        return assets.machine(Token.parse(target.machine())).orElseThrow(
                () -> new IllegalArgumentException("no machine " + target.machine() + " in the asset model"));
    }

    private String server(CommandTarget target) {
        return machine(target).server().map(Token::toString).orElseThrow(
                () -> new IllegalArgumentException("machine " + target.machine() + " has no OPC-UA server"));
    }

    private static NodeId nodeId(String text) {
        try {
            return NodeId.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid OPC-UA node id");
        }
    }

    private static void check(StatusCode status, String what) {
        if (status == null || !status.isGood()) {
            String name = status == null
                    ? "Bad"
                    : StatusCodes.lookup(status.getValue()).map(names -> names[0]).orElse(status.toString());
            throw new CommandRefusedException("the OPC-UA server refused " + what + ": " + name, name);
        }
    }
}
