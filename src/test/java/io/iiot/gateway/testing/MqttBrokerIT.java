package io.iiot.gateway.testing;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MqttBrokerIT {

    @RegisterExtension
    static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

    @Test
    void deliversAnMqtt5MessageWithItsUserProperty() throws Exception {
        MqttInbox received = new MqttInbox();
        MqttClient subscriber = connect("subscriber");
        MqttClient publisher = connect("publisher");
        try {
            subscriber.setCallback(received);
            subscriber.subscribe("plant/line1/temperature", 1);

            MqttMessage message = new MqttMessage("21.5".getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            MqttProperties properties = new MqttProperties();
            properties.setUserProperties(List.of(new UserProperty("site", "plant-1")));
            message.setProperties(properties);
            publisher.publish("plant/line1/temperature", message);

            MqttMessage delivered = await().atMost(Duration.ofSeconds(10)).until(
                    () -> received.message("plant/line1/temperature"),
                    notNullValue());
            assertEquals("21.5", new String(delivered.getPayload(), StandardCharsets.UTF_8));
            UserProperty property = delivered.getProperties().getUserProperties().get(0);
            assertEquals("site", property.getKey());
            assertEquals("plant-1", property.getValue());
        } finally {
            disconnect(publisher);
            disconnect(subscriber);
        }
    }

    private static MqttClient connect(String clientId) throws MqttException {
        MqttClient client = new MqttClient(MQTT.url(), clientId, new MemoryPersistence());
        client.connect();
        return client;
    }

    private static void disconnect(MqttClient client) throws MqttException {
        client.disconnect();
        client.close();
    }
}
