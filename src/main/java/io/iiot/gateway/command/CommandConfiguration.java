package io.iiot.gateway.command;

import io.iiot.gateway.asset.AssetModel;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The bean of the commands route: {@code commandRouter}, on the {@code assetModel} the entry point bound. */
public class CommandConfiguration implements CamelConfiguration {

    @BindToRegistry
    public CommandRouter commandRouter(@BeanInject("assetModel") AssetModel assets,
            @PropertyInject("gateway.org") String org, @PropertyInject("gateway.site") String site) {
        return new CommandRouter(assets, org, site);
    }
}
