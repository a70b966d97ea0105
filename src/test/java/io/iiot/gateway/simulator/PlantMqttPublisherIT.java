package io.iiot.gateway.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.testing.FreePorts;
import io.iiot.gateway.testing.MqttBrokerExtension;
import io.iiot.gateway.testing.MqttInbox;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlantMqttPublisherIT {

    private static final String STATE_JSON = "\\{\"value\":\"[A-Z]+\",\"timestamp\":\"[^\"]+Z\",\"quality\":\"good\"}";

    @RegisterExtension
    final MqttBrokerExtension broker = new MqttBrokerExtension();

    private PlantSimulator simulator;
    private PlantMqttPublisher publisher;
    private MqttClient subscriber;

    @BeforeEach
    void startBrokerAndSimulator() throws Exception {
        simulator = PlantSimulator.builder()
                .machines(2)
                .port(FreePorts.next())
                .updateInterval(Duration.ofMillis(50))
                .seed(1)
                .build();
        simulator.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (subscriber != null) {
            subscriber.disconnect();
            subscriber.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (simulator != null) {
            simulator.stop();
        }
    }

    @Test
    void everyMachineVariableArrivesAsJsonOnItsOwnTopic() throws Exception {
        MqttInbox received = new MqttInbox();
        subscriber = new MqttClient(broker.url(), "plant-test-subscriber", new MemoryPersistence());
        subscriber.setCallback(received);
        subscriber.connect();
        // subscribe(topic, qos, listener) recurses forever in Paho mqttv5 1.2.5; use the callback.
        subscriber.subscribe("plant/#", 1);

        publisher = PlantMqttPublisher.connect(broker.url(), simulator);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.topics().size() == 8);
        String state = received.payload("plant/cnc-002/machine/state");
        assertTrue(state.matches(STATE_JSON), state);
    }
}
