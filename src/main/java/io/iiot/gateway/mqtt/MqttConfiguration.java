package io.iiot.gateway.mqtt;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.mqtt.MqttIngestModel.Placement;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The beans of MQTT ingest: {@code mqttNormalizer}, built on the {@code mqttIngestModel} (the {@code mqtt:} section
 * of {@code assets.yaml}) and the {@code assetModel} that the entry point checked and bound before start.
 */
public class MqttConfiguration implements CamelConfiguration {

    @BindToRegistry
    public MqttNormalizer mqttNormalizer(@BeanInject("mqttIngestModel") MqttIngestModel model,
            @BeanInject("assetModel") AssetModel assets, @PropertyInject("gateway.org") String org,
            @PropertyInject("gateway.site") String site, @PropertyInject("mqtt.broker-url") String brokerUrl,
            @PropertyInject("mqtt.max-payload-bytes") int maxPayloadBytes) {
        return new MqttNormalizer(model, machines(assets), new MqttPayloads(maxPayloadBytes), org, site, brokerUrl,
                Clock.systemUTC());
    }

    /** A machine's area and line, as its entry in the asset model gives them. */
    static Machines machines(AssetModel assets) {
        return id -> assets.machine(id).map(machine -> new Placement(machine.area(), machine.line()));
    }
}
