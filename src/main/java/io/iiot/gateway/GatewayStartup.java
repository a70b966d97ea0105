package io.iiot.gateway;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.jetstream.JetStreamProvisioner;
import io.iiot.gateway.jetstream.NatsConnector;
import io.iiot.gateway.jetstream.NatsOptions;
import io.iiot.gateway.mqtt.MqttIngestModel;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens after camel-main has loaded the properties and before it configures beans and loads routes:
 * everything that can fail on configuration, so that it ends in one line. In this order: the checks of every
 * registered configuration class, the asset model, the first NATS connect and JetStream provisioning. The NATS
 * connection and the asset model are then bound as {@code natsConnection} and {@code assetModel}, and the MQTT
 * part of {@code assets.yaml} as {@code mqttIngestModel}.
 */
final class GatewayStartup extends MainListenerSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayStartup.class);

    private final Path configDir;
    private final List<ConfigCheck> checks;
    private Connection nats;

    /**
     * @param configDir the absolute configuration directory
     * @param checks the checks to run against the resolved properties
     */
    GatewayStartup(Path configDir, List<ConfigCheck> checks) {
        this.configDir = configDir;
        this.checks = checks;
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        ResolvedProperties properties = new ResolvedProperties(main.getCamelContext().getPropertiesComponent(),
                configDir);
        checks.forEach(check -> check.check(properties));
        NatsOptions natsOptions = NatsOptions.from(properties);
        AssetModel assets = AssetModel.load(configDir.resolve("assets.yaml"));
        MqttIngestModel mqttIngest = MqttIngestModel.load(configDir.resolve("assets.yaml"));
        try {
            nats = new NatsConnector(natsOptions).connect("iiot-nats-gateway-" + properties.get("gateway.site"));
        } catch (IllegalStateException e) {
            throw properties.problem("nats.servers", e.getMessage());
        }
        JetStreamManagement jetStream;
        try {
            jetStream = nats.jetStreamManagement();
        } catch (IOException e) {
            throw properties.problem("nats.servers", "JetStream is not available: " + e.getMessage());
        }
        new JetStreamProvisioner(jetStream, properties::resolve).provision(configDir.resolve("jetstream"));
        Registry registry = main.getCamelContext().getRegistry();
        registry.bind("natsConnection", nats);
        registry.bind("assetModel", assets);
        registry.bind("mqttIngestModel", mqttIngest);
    }

    /** Closes the NATS connection, if start-up got that far. */
    @Override
    public void close() {
        if (nats != null) {
            try {
                nats.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("NATS connection closed");
        }
    }
}
