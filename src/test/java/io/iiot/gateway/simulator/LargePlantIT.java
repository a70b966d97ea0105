package io.iiot.gateway.simulator;

import static org.awaitility.Awaitility.await;

import io.iiot.gateway.testing.FreePorts;
import io.iiot.gateway.testing.OpcUaTestClients;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LargePlantIT {

    private static final Logger LOG = LoggerFactory.getLogger(LargePlantIT.class);
    private static final int MACHINES = 1000;

    @Test
    void thousandMachinesStartAndTheLastOneIsUpdated() throws UaException {
        long started = System.nanoTime();
        try (PlantSimulator simulator = PlantSimulator.builder()
                .machines(MACHINES)
                .port(FreePorts.next())
                .updateInterval(Duration.ofMillis(200))
                .seed(1)
                .build()) {
            simulator.start();
            LOG.info(
                    "{} machines ({} items) built and started in {} ms",
                    MACHINES,
                    simulator.itemCount(),
                    (System.nanoTime() - started) / 1_000_000);
            OpcUaClient client = OpcUaTestClients.connect(simulator.endpointUrl(), new AnonymousProvider());
            try {
                NodeId lastVibration = NodeId.parse(simulator.nodeId("cnc-1000", "spindle/vibration_rms"));
                Instant first = sourceTime(client, lastVibration);

                await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> sourceTime(client, lastVibration).isAfter(first));
            } finally {
                client.disconnect();
            }
        }
    }

    private static Instant sourceTime(OpcUaClient client, NodeId nodeId) throws UaException {
        return client.readValue(0.0, TimestampsToReturn.Both, nodeId).sourceTime().getJavaInstant();
    }
}
