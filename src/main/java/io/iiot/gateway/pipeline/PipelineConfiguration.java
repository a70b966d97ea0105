package io.iiot.gateway.pipeline;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.jetstream.JetStreamPublisher;
import io.iiot.gateway.jetstream.KvWatcher;
import io.nats.client.Connection;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of the shared pipeline ({@code routes/telemetry-to-jetstream.camel.yaml}): {@code telemetryEnricher},
 * {@code deadbandFilter}, {@code alertDetector}, {@code alertPublisher} and {@code machineStates}, on the
 * {@code machineSettings} that follow the {@code MACHINE_CONFIG} KV bucket.
 */
public class PipelineConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineConfiguration.class);

    private MachineSettings machineSettings;

    /** One instance, one watch, however often Camel asks while resolving the other beans' parameters. */
    @BindToRegistry
    public synchronized MachineSettings machineSettings(@BeanInject("assetModel") AssetModel assets,
            @BeanInject("natsConnection") Connection nats) {
        if (machineSettings == null) {
            machineSettings = new MachineSettings(assets);
            try {
                // the subscription lives as long as the NATS connection, which the gateway closes on shutdown
                KvWatcher.start(nats, MachineSettings.BUCKET, machineSettings, Duration.ofSeconds(5));
            } catch (IllegalStateException e) {
                // no bucket (its file removed from jetstream/): the asset model's settings apply unchanged
                LOG.warn("{}; run-time machine settings are off", e.getMessage());
            }
        }
        return machineSettings;
    }

    @BindToRegistry
    public TelemetryEnricher telemetryEnricher(@BeanInject("machineSettings") MachineSettings settings) {
        return new TelemetryEnricher(settings);
    }

    @BindToRegistry
    public DeadbandFilter deadbandFilter(@BeanInject("machineSettings") MachineSettings settings) {
        return new DeadbandFilter(settings);
    }

    @BindToRegistry
    public AlertDetector alertDetector(@BeanInject("machineSettings") MachineSettings settings) {
        return new AlertDetector(settings);
    }

    @BindToRegistry
    public AlertPublisher alertPublisher(@BeanInject("jetStreamPublisher") JetStreamPublisher publisher) {
        return new AlertPublisher(publisher);
    }

    @BindToRegistry
    public MachineStates machineStates(@BeanInject("natsConnection") Connection nats,
            @BeanInject("machineSettings") MachineSettings settings) {
        return new MachineStates(nats, settings);
    }
}
