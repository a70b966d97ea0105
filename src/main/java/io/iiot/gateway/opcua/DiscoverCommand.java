package io.iiot.gateway.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.iiot.gateway.asset.Server;
import io.iiot.gateway.asset.Server.SecurityMode;
import io.iiot.gateway.asset.Server.SecurityPolicy;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.Token;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.milo.opcua.sdk.client.BrowseHelper;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
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
 * variable of that object's machine. The session is opened as the gateway opens it ({@link OpcUaClients}): the given
 * security policy and mode, the gateway's client certificate and trust list, user-name login with the password from
 * the same environment variable the gateway reads for that server.
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

    @Option(names = "--security-policy", paramLabel = "POLICY", defaultValue = "None",
            description = "None or Basic256Sha256 (default: ${DEFAULT-VALUE}).")
    String securityPolicy;

    @Option(names = "--security-mode", paramLabel = "MODE",
            description = "None, Sign or SignAndEncrypt (default: None for policy None, else SignAndEncrypt).")
    String securityMode;

    @Option(names = "--username", description = "Log in with this user name; the password is read from "
            + "OPCUA_PASSWORD_<SERVER_ID> (the server id in upper case, '-' as '_'), as the gateway reads it.")
    String username;

    @Option(names = "--certificate-dir", paramLabel = "DIR", defaultValue = "security/client",
            description = "The gateway's client certificate, created when absent (default: ${DEFAULT-VALUE}, "
                    + "as opcua.certificate-dir).")
    Path certificateDir;

    @Option(names = "--trust-dir", paramLabel = "DIR", defaultValue = "security/pki",
            description = "Trust list of server certificates (default: ${DEFAULT-VALUE}, as opcua.trust-dir).")
    Path trustDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Where the password variable is read; the process environment. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (samplingIntervalMs < 0) {
            err.println("discover: --sampling-interval-ms must be a positive number of milliseconds");
            return 2;
        }
        Server server;
        Optional<String> password;
        DiscoveredPlant plant;
        try {
            String id = serverId != null
                    ? serverId
                    : DiscoveredPlant.token(endpointUrl.startsWith("opc.tcp://")
                            ? EndpointUtil.getHost(endpointUrl)
                            : "server");
            SecurityPolicy policy = SecurityPolicy.parse(securityPolicy);
            SecurityMode mode = securityMode != null
                    ? SecurityMode.parse(securityMode)
                    : policy == SecurityPolicy.NONE ? SecurityMode.NONE : SecurityMode.SIGN_AND_ENCRYPT;
            server = new Server(Token.parse(id), endpointUrl, policy, mode, Optional.ofNullable(username));
            password = Optional.ofNullable(environment.get(server.passwordVariable()));
            if (server.username().isPresent() && password.isEmpty()) {
                err.println("discover: --username is given but " + server.passwordVariable() + " is not set");
                return 2;
            }
            plant = new DiscoveredPlant(server, area);
        } catch (IllegalArgumentException | RejectedReadingException e) {
            err.println("discover: " + e.getMessage());
            return 2;
        }
        OpcUaClient client;
        try {
            ClientSecurity security = ClientSecurity.load(certificateDir, trustDir);
            client = OpcUaClients.create(server, security, password, 10_000, "iiot-nats-gateway discover");
            client.connect();
        } catch (Exception e) {
            err.println("discover: cannot connect to " + endpointUrl + ": " + OpcUaClients.problem(e, trustDir));
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
            DiscoveredPlant plant, int depth, boolean progress, PrintWriter err) throws Exception {
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
                    err.flush();
                }
            } else {
                browse(client, child, childName, name, plant, depth + 1, progress, err);
            }
        }
    }
}
