package io.iiot.gateway.command;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.opcua.OpcUaSessions;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The beans of the commands route, on the {@code assetModel} the entry point bound: {@code commandRouter},
 * {@code opcUaCommands} and the {@code opcUaSessions} it shares with the OPC-UA source.
 */
public class CommandConfiguration implements CamelConfiguration {

    @BindToRegistry
    public CommandRouter commandRouter(@BeanInject("assetModel") AssetModel assets,
            @PropertyInject("gateway.org") String org, @PropertyInject("gateway.site") String site) {
        return new CommandRouter(assets, org, site);
    }

    @BindToRegistry(OpcUaSessions.BEAN)
    public OpcUaSessions opcUaSessions() {
        return new OpcUaSessions();
    }

    @BindToRegistry
    public OpcUaCommands opcUaCommands(@BeanInject("assetModel") AssetModel assets,
            @BeanInject(OpcUaSessions.BEAN) OpcUaSessions sessions) {
        return new OpcUaCommands(assets, sessions);
    }
}
