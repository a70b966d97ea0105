package io.iiot.gateway.opcua;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code opcua-assets:} component: one endpoint consumes every variable of the asset model's OPC-UA servers
 * ({@code opcua-assets:all}) or of one server ({@code opcua-assets:<server id>}), so no route ever lists node ids.
 */
public final class OpcUaAssetsComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
            throws Exception {
        OpcUaAssetsEndpoint endpoint = new OpcUaAssetsEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
