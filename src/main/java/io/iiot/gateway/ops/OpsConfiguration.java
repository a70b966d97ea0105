package io.iiot.gateway.ops;

import io.iiot.gateway.ConfigCheck;
import io.iiot.gateway.ResolvedProperties;
import io.iiot.gateway.ops.console.ConsoleUsers;
import io.iiot.gateway.ops.console.HawtioConsole;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.impl.health.RouteControllerHealthCheck;

/**
 * Operations beans and the HTTP port: {@link GatewayMetrics} on the Prometheus registry that Camel's route metrics
 * use too, the NATS health check, and {@link OpsHttpServer} with the console.
 */
public class OpsConfiguration implements CamelConfiguration, ConfigCheck {

    private static final String REGISTRY = "metricsRegistry";

    @PropertyInject("http.host")
    private String httpHost;
    @PropertyInject("http.port")
    private int httpPort;
    @PropertyInject("hawtio.enabled")
    private boolean consoleEnabled;
    @PropertyInject("hawtio.authentication-enabled")
    private boolean consoleAuthentication;
    @PropertyInject(value = "hawtio.users-file", defaultValue = "")
    private String usersFile;
    @PropertyInject("hawtio.roles")
    private String consoleRoles;
    @PropertyInject("gateway.routes-reload")
    private boolean routesReload;
    @PropertyInject(value = "camel.main.routesIncludePattern", defaultValue = "")
    private String routesIncludePattern;

    /** The HTTP port is a port, and a users file that is named exists and is valid. */
    @Override
    public void check(ResolvedProperties properties) {
        properties.number("http.port", 0, 65_535);
        String users = properties.get("hawtio.users-file");
        if (!users.isEmpty()) {
            if (!Files.isReadable(Path.of(users))) {
                throw properties.problem("hawtio.users-file", "file " + Path.of(users).toAbsolutePath()
                        + " does not exist or is not readable");
            }
            ConsoleUsers.load(Path.of(users), null, null);
        }
    }

    @BindToRegistry
    public GatewayMetrics gatewayMetrics(CamelContext camel) {
        return new GatewayMetrics(prometheusRegistry(camel));
    }

    @BindToRegistry("nats-health")
    public DependencyHealthCheck natsHealth(@BeanInject("natsConnection") Connection nats,
            @PropertyInject("nats.servers") String servers) {
        return new DependencyHealthCheck("nats", servers, () -> NatsHealth.of(nats));
    }

    /**
     * DOWN while the supervising route controller is still starting routes or restarting one whose source failed,
     * so that {@code /observe/health} does not answer 200 before the routes run.
     */
    @BindToRegistry("route-controller-health")
    public RouteControllerHealthCheck routeControllerHealth() {
        return new RouteControllerHealthCheck();
    }

    @Override
    public void configure(CamelContext camel) throws Exception {
        PrometheusMeterRegistry registry = prometheusRegistry(camel);
        var console = consoleEnabled
                ? HawtioConsole.webApp(consoleAuthentication, ConsoleUsers.load(
                        usersFile.isBlank() ? null : Path.of(usersFile), System.getenv("HAWTIO_USER"),
                        System.getenv("HAWTIO_PASSWORD")), consoleRoles)
                : null;
        camel.addService(new OpsHttpServer(camel, registry, httpHost, httpPort, console), true, true);
        if (routesReload) {
            var reloader = RouteFileReloader.forIncludePattern(routesIncludePattern,
                    camel.getRegistry().lookupByNameAndType("gatewayMetrics", GatewayMetrics.class));
            if (reloader.isPresent()) {
                camel.addService(reloader.get());
            }
        }
    }

    /**
     * The one Prometheus registry, under the name camel-micrometer-prometheus looks up ({@code metricsRegistry}):
     * whichever of the two comes first creates it, so Camel's series and the gateway's end up in the same scrape.
     */
    private static synchronized PrometheusMeterRegistry prometheusRegistry(CamelContext camel) {
        PrometheusMeterRegistry registry = camel.getRegistry().lookupByNameAndType(REGISTRY,
                PrometheusMeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            camel.getRegistry().bind(REGISTRY, registry);
        }
        return registry;
    }
}
