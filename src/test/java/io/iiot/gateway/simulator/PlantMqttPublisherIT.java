package io.iiot.gateway.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlantMqttPublisherIT {

  private static final String STATE_JSON =
      "\\{\"value\":\"[A-Z]+\",\"timestamp\":\"[^\"]+Z\",\"quality\":\"good\"}";

  @TempDir Path workDirectory;

  private MosquittoBroker broker;
  private PlantSimulator simulator;
  private PlantMqttPublisher publisher;
  private MqttClient subscriber;

  @BeforeEach
  void startBrokerAndSimulator() throws Exception {
    assumeTrue(MosquittoBroker.executable().isPresent(), "mosquitto is not installed");
    broker = MosquittoBroker.start(MosquittoBroker.executable().get(), workDirectory);
    simulator =
        PlantSimulator.builder()
            .machines(2)
            .port(FreePorts.loopback())
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
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void everyMachineVariableArrivesAsJsonOnItsOwnTopic() throws Exception {
    LastPayloadByTopic received = new LastPayloadByTopic();
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
