package io.iiot.gateway.testing;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.Arrays;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/** Milo OPC-UA client helpers for integration tests against the plant simulator. */
public final class OpcUaTestClients {

    private OpcUaTestClients() {
    }

    /**
     * Connects to the endpoint's policy-None endpoint with the given identity; a client whose
     * connection fails is disconnected before the exception is rethrown.
     */
    public static OpcUaClient connect(String endpointUrl, IdentityProvider identity) throws UaException {
        OpcUaClient client = OpcUaClient.create(
                endpointUrl,
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri()))
                        .findFirst(),
                transport -> {
                },
                config -> config
                        .setApplicationName(LocalizedText.english("plant simulator test client"))
                        .setIdentityProvider(identity));
        try {
            return client.connect();
        } catch (UaException e) {
            client.disconnect();
            throw e;
        }
    }

    /** The object and variable children of a node, following hierarchical references forward. */
    public static List<ReferenceDescription> browse(OpcUaClient client, NodeId nodeId)
            throws UaException {
        BrowseDescription description = new BrowseDescription(
                nodeId,
                BrowseDirection.Forward,
                NodeIds.HierarchicalReferences,
                true,
                uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                uint(BrowseResultMask.All.getValue()));
        ReferenceDescription[] references = client.browse(description).getReferences();
        return references == null ? List.of() : Arrays.asList(references);
    }

    /** The node id of the child with the given browse name. */
    public static NodeId child(OpcUaClient client, NodeId parent, String browseName) throws UaException {
        return browse(client, parent).stream()
                .filter(r -> r.getBrowseName().name().equals(browseName))
                .findFirst()
                .flatMap(r -> r.getNodeId().toNodeId(client.getNamespaceTable()))
                .orElseThrow(() -> new AssertionError("no child " + browseName + " under " + parent));
    }

    /** The browse names of {@link #browse browsed} children. */
    public static List<String> childNames(OpcUaClient client, NodeId nodeId) throws UaException {
        return browse(client, nodeId).stream().map(r -> r.getBrowseName().name()).toList();
    }
}
