package io.iiot.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** An MQTT 5 callback for tests that keeps the last message received on each topic. */
public final class MqttInbox implements MqttCallback {

    private final Map<String, MqttMessage> messages = new ConcurrentHashMap<>();
    private final List<Map.Entry<String, MqttMessage>> received = new CopyOnWriteArrayList<>();

    /** Every message received so far, with its topic, in the order they arrived. */
    public List<Map.Entry<String, MqttMessage>> received() {
        return received;
    }

    /** The topics a message arrived on so far. */
    public Set<String> topics() {
        return messages.keySet();
    }

    /** The last message on {@code topic}, or null. */
    public MqttMessage message(String topic) {
        return messages.get(topic);
    }

    /** The last payload on {@code topic} as UTF-8, or null. */
    public String payload(String topic) {
        MqttMessage message = messages.get(topic);
        return message == null ? null : new String(message.getPayload(), StandardCharsets.UTF_8);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        messages.put(topic, message);
        received.add(Map.entry(topic, message));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
