package io.iiot.gateway.drain;

import io.iiot.gateway.ops.GatewayMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * One gateway instance with the cloud drains, in this JVM: the shipped defaults, the given properties, the
 * {@link DrainConfiguration}, and the route files from {@code routes/} with the kamelets from {@code kamelets/},
 * as the jar loads them. Several rigs on one NATS server are several instances.
 */
final class DrainRig implements AutoCloseable {

    private final CamelContext context;

    private DrainRig(CamelContext context) {
        this.context = context;
    }

    /**
     * Starts an instance.
     *
     * @param nats the instance's NATS connection
     * @param properties settings over the jar's defaults
     * @param routes route files under {@code routes/}, e.g. {@code jetstream-to-greenplum.camel.yaml}
     */
    static DrainRig start(Connection nats, Map<String, String> properties, String... routes) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        Properties overrides = new Properties();
        overrides.putAll(properties);
        context.getPropertiesComponent().setOverrideProperties(overrides);
        context.getRegistry().bind("natsConnection", nats);
        context.getRegistry().bind("gatewayMetrics", GatewayMetrics.inMemory());
        context.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets");
        new DrainConfiguration().configure(context);
        for (String route : new String[]{"error-handling.camel.yaml"}) {
            load(context, route);
        }
        for (String route : routes) {
            load(context, route);
        }
        context.start();
        return new DrainRig(context);
    }

    private static void load(CamelContext context, String route) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context,
                "file:" + Path.of("routes", route).toAbsolutePath()));
    }

    CamelContext context() {
        return context;
    }

    /** The drain's series ({@code gateway_drain_*}, {@code gateway_consumer_lag}). */
    MeterRegistry metrics() {
        return context.getRegistry().lookupByNameAndType("gatewayMetrics", GatewayMetrics.class).registry();
    }

    @Override
    public void close() {
        context.stop();
    }
}
