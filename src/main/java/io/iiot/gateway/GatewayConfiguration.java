package io.iiot.gateway;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.jetstream.DeadLetterPublisher;
import io.iiot.gateway.jetstream.JetStreamPublisher;
import io.iiot.gateway.namespace.Token;
import io.iiot.gateway.opcua.OpcUaNormalizer;
import io.iiot.gateway.ops.GatewayMetrics;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The beans routes refer to by name: {@code jetStreamPublisher}, {@code deadLetterPublisher} and
 * {@code opcUaNormalizer}, built on the {@code natsConnection} and {@code assetModel} that {@link GatewayStartup}
 * checked and bound before start; and the check of this instance's keys ({@code gateway.*}, where routes and
 * kamelets are read from, and the secrets).
 */
public class GatewayConfiguration implements CamelConfiguration, ConfigCheck {

    /** The roles an instance can have: which route set it starts. */
    public static final List<String> ROLES = List.of("edge", "cloud", "all");

    /** Keys whose values are secrets: they come only from the environment, never from a file. */
    public static final List<String> SECRETS = List.of("nats.password", "nats.token", "mqtt.password",
            "cassandra.password", "greenplum.password");

    @Override
    public void check(ResolvedProperties properties) {
        properties.oneOf("gateway.role", ROLES);
        properties.parse("gateway.org", Token::parse);
        properties.parse("gateway.site", Token::parse);
        properties.number("gateway.redelivery.max-retries", 0, 1000);
        properties.number("gateway.redelivery.delay-ms", 0, 3_600_000);
        properties.number("nats.publish.max-in-flight", 1, 1_000_000);
        properties.number("nats.publish.ack-timeout-ms", 1, 3_600_000);
        checkDirectories(properties, "camel.main.routesIncludePattern");
        checkDirectories(properties, "camel.component.kamelet.location");
        SECRETS.forEach(properties::secret);
    }

    /**
     * Camel aborts start-up with a bare exception when a {@code file:} location of routes or kamelets does not
     * exist: say so first, in one line. A location may end in a wildcard pattern ({@code file:routes/**}).
     */
    private static void checkDirectories(ResolvedProperties properties, String key) {
        for (String location : properties.get(key).split("\\s*,\\s*")) {
            if (location.startsWith("file:")) {
                String path = location.substring("file:".length());
                int wildcard = indexOfWildcard(path);
                Path mustExist = Path.of(wildcard < 0 ? path : path.substring(0, path.lastIndexOf('/', wildcard) + 1))
                        .toAbsolutePath().normalize();
                if (!Files.exists(mustExist)) {
                    throw properties.problem(key, mustExist + " does not exist");
                }
            }
        }
    }

    private static int indexOfWildcard(String path) {
        return path.chars().filter(c -> c == '*' || c == '?' || c == '{').map(path::indexOf).min().orElse(-1);
    }

    @BindToRegistry
    public JetStreamPublisher jetStreamPublisher(@BeanInject("natsConnection") Connection nats,
            @BeanInject("gatewayMetrics") GatewayMetrics metrics,
            @PropertyInject("nats.publish.max-in-flight") int maxInFlight,
            @PropertyInject("nats.publish.ack-timeout-ms") long ackTimeoutMs) {
        return new JetStreamPublisher(nats, metrics, maxInFlight, Duration.ofMillis(ackTimeoutMs));
    }

    @BindToRegistry
    public DeadLetterPublisher deadLetterPublisher(@BeanInject("jetStreamPublisher") JetStreamPublisher publisher,
            @BeanInject("gatewayMetrics") GatewayMetrics metrics, @PropertyInject("gateway.org") String org,
            @PropertyInject("gateway.site") String site) {
        return new DeadLetterPublisher(publisher, metrics, org, site);
    }

    @BindToRegistry
    public OpcUaNormalizer opcUaNormalizer(@BeanInject("assetModel") AssetModel assets,
            @PropertyInject("gateway.org") String org, @PropertyInject("gateway.site") String site) {
        return new OpcUaNormalizer(assets, org, site);
    }
}
