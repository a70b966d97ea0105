package io.iiot.gateway;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The gateway as {@code java -jar iiot-nats-gateway.jar --config DIR} starts it, inside the test's JVM: camel-main
 * with every configuration class of {@link GatewayMain#configurations()}, the properties of {@code DIR} and the
 * jar, and {@link GatewayStartup} (checks, NATS connection, JetStream provisioning); {@code overrides} take the
 * place of environment variables.
 */
public final class InProcessGateway implements AutoCloseable {

    private final Main main = new Main();
    private final GatewayStartup startup;

    /**
     * @param configDir the configuration directory, e.g. {@code config}
     * @param overrides properties that win over both files
     */
    public InProcessGateway(Path configDir, Map<String, String> overrides) {
        main.setPropertyPlaceholderLocations(GatewayMain.propertyLocations(configDir));
        overrides.forEach(main::addOverrideProperty);
        List<CamelConfiguration> configurations = GatewayMain.configurations();
        configurations.forEach(main.configure()::addConfiguration);
        startup = new GatewayStartup(configDir.toAbsolutePath().normalize(), configurations.stream()
                .filter(ConfigCheck.class::isInstance).map(ConfigCheck.class::cast).toList());
        main.addMainListener(startup);
    }

    /** Starts camel-main; returns once the context has started (routes that cannot start are retried). */
    public InProcessGateway start() throws Exception {
        main.start();
        return this;
    }

    /** The gateway's Camel context. */
    public CamelContext camel() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
        startup.close();
    }
}
