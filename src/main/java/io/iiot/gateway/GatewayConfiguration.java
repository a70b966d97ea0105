package io.iiot.gateway;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.jetstream.DeadLetterPublisher;
import io.iiot.gateway.jetstream.JetStreamPublisher;
import io.iiot.gateway.opcua.OpcUaNormalizer;
import io.nats.client.Connection;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The beans routes refer to by name: {@code jetStreamPublisher}, {@code deadLetterPublisher} and
 * {@code opcUaNormalizer}. They are built on the
 * {@code natsConnection} and {@code assetModel} that {@link TelemetryApplication} checked and bound before start.
 */
public class GatewayConfiguration implements CamelConfiguration {

    @BindToRegistry
    public JetStreamPublisher jetStreamPublisher(@BeanInject("natsConnection") Connection nats,
            @PropertyInject("nats.publish.max-in-flight") int maxInFlight,
            @PropertyInject("nats.publish.ack-timeout-ms") long ackTimeoutMs) {
        return new JetStreamPublisher(nats, maxInFlight, Duration.ofMillis(ackTimeoutMs));
    }

    @BindToRegistry
    public DeadLetterPublisher deadLetterPublisher(@BeanInject("jetStreamPublisher") JetStreamPublisher publisher,
            @PropertyInject("gateway.org") String org, @PropertyInject("gateway.site") String site) {
        return new DeadLetterPublisher(publisher, org, site);
    }

    @BindToRegistry
    public OpcUaNormalizer opcUaNormalizer(@BeanInject("assetModel") AssetModel assets,
            @PropertyInject("gateway.org") String org, @PropertyInject("gateway.site") String site) {
        return new OpcUaNormalizer(assets, org, site);
    }
}
