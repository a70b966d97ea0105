package io.iiot.gateway;

import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Prints {@code key=value} for each key given, as the gateway resolves it for {@code --config DIR}: run in a child
 * JVM by {@link ConfigurationSourcesTest}, whose environment decides the overrides.
 */
public final class PrintResolvedProperties {

    private PrintResolvedProperties() {
    }

    /** Arguments: the configuration directory, then the keys. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation(GatewayMain.propertyLocations(dir));
            ResolvedProperties properties = new ResolvedProperties(context.getPropertiesComponent(), dir);
            for (int i = 1; i < args.length; i++) {
                System.out.println(args[i] + "=" + properties.get(args[i]));
            }
        }
    }
}
