package io.iiot.gateway.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.milo.opcua.sdk.client.BrowseHelper;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code discover OPC_UA_ENDPOINT_URL}: browses the server's Objects folder (outside namespace 0) and prints a
 * complete {@code assets.yaml} that the gateway accepts as it is: every variable whose parent is an object becomes a
 * variable of that object's machine. Policy None, anonymous login.
 */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = "Browse an OPC-UA server and print an assets.yaml for it to standard output.")
public final class DiscoverCommand implements Callable<Integer> {

    private static final int MAX_DEPTH = 12;

    @Parameters(index = "0", paramLabel = "OPC_UA_ENDPOINT_URL", description = "e.g. opc.tcp://plc-7:4840/path")
    String endpointUrl;

    @Option(names = "--sampling-interval-ms", paramLabel = "N",
            description = "Write this sampling interval for every variable (default: none, so "
                    + "opcua.sampling-interval-ms applies).")
    long samplingIntervalMs;

    @Option(names = "--server-id", description = "Id of the server in the model (default: from the host name).")
    String serverId;

    @Option(names = "--area", defaultValue = "area-1",
            description = "Area of every machine (default: ${DEFAULT-VALUE}).")
    String area;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        if (!endpointUrl.startsWith("opc.tcp://")) {
            err.println("discover: '" + endpointUrl + "' is not an opc.tcp:// endpoint URL");
            return 2;
        }
        if (samplingIntervalMs < 0) {
            err.println("discover: --sampling-interval-ms must be a positive number of milliseconds");
            return 2;
        }
        String id = serverId != null ? serverId : DiscoveredPlant.token(EndpointUtil.getHost(endpointUrl));
        DiscoveredPlant plant;
        try {
            plant = new DiscoveredPlant(endpointUrl, id, area);
        } catch (IllegalArgumentException e) {
            err.println("discover: " + e.getMessage());
            return 2;
        }
        OpcUaClient client;
        try {
            client = OpcUaClient.create(endpointUrl,
                    endpoints -> endpoints.stream()
                            .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())).findFirst()
                            .map(e -> EndpointUtil.updateUrl(e, EndpointUtil.getHost(endpointUrl),
                                    EndpointUtil.getPort(endpointUrl))),
                    transport -> {
                    }, config -> config.setApplicationName(LocalizedText.english("iiot-nats-gateway discover"))
                            .setIdentityProvider(AnonymousProvider.INSTANCE));
            client.connect();
        } catch (Exception e) {
            err.println("discover: cannot connect to " + endpointUrl + ": " + rootMessage(e));
            return 1;
        }
        boolean progress = System.console() != null;
        try {
            browse(client, NodeIds.ObjectsFolder, "objects", null, plant, 0, progress, err);
        } finally {
            client.disconnect();
        }
        if (progress) {
            err.println();
        }
        spec.commandLine().getOut().print(plant.yaml(samplingIntervalMs));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static void browse(OpcUaClient client, NodeId node, String name, String parentName,
            DiscoveredPlant plant, int depth, boolean progress, PrintStream err) throws Exception {
        if (depth > MAX_DEPTH) {
            return;
        }
        BrowseDescription description = new BrowseDescription(node, BrowseDirection.Forward,
                NodeIds.HierarchicalReferences, true, uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                uint(BrowseResultMask.All.getValue()));
        List<ReferenceDescription> references = BrowseHelper.browse(client, description, uint(0)).get();
        for (ReferenceDescription reference : references) {
            NodeId child = reference.getNodeId().toNodeId(client.getNamespaceTable()).orElse(null);
            if (child == null || child.getNamespaceIndex().intValue() == 0) {
                continue;
            }
            String childName = reference.getBrowseName().name();
            if (reference.getNodeClass() == NodeClass.Variable) {
                plant.add(parentName == null ? "line-1" : parentName, name, node.toParseableString(), childName,
                        child.toParseableString());
                if (progress && plant.variables() % 500 == 0) {
                    err.print("\rdiscover: " + plant.variables() + " variables");
                }
            } else {
                browse(client, child, childName, name, plant, depth + 1, progress, err);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
