package io.iiot.gateway.drain;

import io.iiot.gateway.ConfigCheck;
import io.iiot.gateway.ResolvedProperties;
import java.util.function.UnaryOperator;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up the cloud drains: the {@code jetstream} component, and for each sink whose connection is configured its
 * bean ({@code cassandraSink}, {@code greenplumSink}) and its health check. A sink whose connection key is empty
 * ({@code cassandra.contact-points}, {@code greenplum.jdbc-url}) is not started and says so in one log line: its
 * route's {@code autoStartup} reads {@code cassandra.enabled} / {@code greenplum.enabled}, which this sets.
 *
 * <p>Register it with {@code main.configure().addConfiguration(DrainConfiguration.class)}.
 */
public class DrainConfiguration implements CamelConfiguration, ConfigCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DrainConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        context.addComponent("jetstream", new JetStreamComponent());
        boolean cloud = !"edge".equals(value(properties, "gateway.role"));
        UnaryOperator<String> property = key -> value(properties, key);
        start(context, cloud, "greenplum", "greenplum.jdbc-url",
                !cloud || property.apply("greenplum.jdbc-url").isEmpty()
                        ? null
                        : new GreenplumSink(GreenplumSettings.from(property)));
        start(context, cloud, "cassandra", "cassandra.contact-points",
                !cloud || property.apply("cassandra.contact-points").isEmpty()
                        ? null
                        : new CassandraSink(CassandraSettings.from(property)));
    }

    /**
     * Checks the drain keys before start, so a bad value ends in one line naming where it came from: the consumer
     * settings, and for each sink whose connection key is set, all of its settings.
     */
    @Override
    public void check(ResolvedProperties properties) {
        properties.number("nats.drain.ack-wait-ms", 1000, 3_600_000);
        properties.number("nats.drain.max-deliver", 1, 1000);
        properties.number("nats.drain.nak-delay-ms", 0, 3_600_000);
        properties.number("nats.drain.max-ack-pending", 1, 10_000_000);
        for (String sink : new String[]{"greenplum", "cassandra"}) {
            properties.number(sink + ".batch-size", 1, 100_000);
            properties.number(sink + ".batch-wait-ms", 1, 60_000);
            properties.number(sink + ".consumers", 1, 64);
        }
        try {
            if (!properties.get("greenplum.jdbc-url").isEmpty()) {
                GreenplumSettings.from(properties::get);
            }
            if (!properties.get("cassandra.contact-points").isEmpty()) {
                CassandraSettings.from(properties::get);
            }
        } catch (IllegalArgumentException e) {
            // the settings name the key first: "greenplum.schema: 'X' is not ..."
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            throw colon > 0
                    ? properties.problem(message.substring(0, colon), message.substring(colon + 2))
                    : properties.problem("", message);
        }
    }

    private static void start(CamelContext context, boolean cloud, String name, String key, Sink sink)
            throws Exception {
        boolean enabled = cloud && sink != null;
        context.getPropertiesComponent().addOverrideProperty(name + ".enabled", Boolean.toString(enabled));
        if (!enabled) {
            if (cloud) {
                LOG.info("{} sink not started: {} is empty", name, key);
            }
            // the route exists, stopped; started by hand it would hold its first batch and say why
            context.getRegistry().bind(name + "Sink", Sink.notConfigured(name, key));
            return;
        }
        context.getRegistry().bind(name + "Sink", sink);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                sink.close();
            }
        });
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            SinkHealthCheck check = new SinkHealthCheck(sink);
            check.setCamelContext(context);
            health.register(check);
        }
    }

    private static String value(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).orElse("").strip();
    }

}
