package io.iiot.gateway.mqtt.camel;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.iiot.gateway.mqtt.MqttConnection;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the body to the topic in the header {@value HiveMqConsumer#TOPIC}, and completes the exchange when the
 * broker has acknowledged it (QoS 1 and 2) or refused it (the exchange then fails). Its client id is the endpoint's
 * {@code clientId}; the session is not persistent. With no broker configured (an empty {@code brokerUrl}) it starts
 * without connecting and fails every exchange saying so.
 */
final class HiveMqProducer extends DefaultAsyncProducer {

    private static final Logger LOG = LoggerFactory.getLogger(HiveMqProducer.class);

    private final HiveMqEndpoint endpoint;
    private Mqtt5AsyncClient client;

    HiveMqProducer(HiveMqEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (endpoint.getBrokerUrl() == null || endpoint.getBrokerUrl().isBlank()) {
            LOG.info("mqtt.broker-url is empty: commands to MQTT devices are answered with an error");
            return;
        }
        MqttConnection connection = endpoint.connection();
        client = connection.builder(connection.clientId()).buildAsync();
        client.connectWith().cleanStart(true).keepAlive(30).send().whenComplete((ack, failure) -> {
            if (failure != null) {
                LOG.warn("MQTT broker {} not reachable yet for publishing ({}); retrying", connection.brokerUrl(),
                        failure.getMessage());
            }
        });
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String topic = exchange.getMessage().getHeader(HiveMqConsumer.TOPIC, String.class);
        if (topic == null || topic.isEmpty()) {
            exchange.setException(new IllegalArgumentException("no " + HiveMqConsumer.TOPIC + " header to publish to"));
            callback.done(true);
            return true;
        }
        if (client == null) {
            exchange.setException(new IllegalStateException("no MQTT broker is configured (mqtt.broker-url is empty)"));
            callback.done(true);
            return true;
        }
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        client.publishWith()
                .topic(topic)
                .qos(MqttQos.fromCode(endpoint.getQos()))
                .payload(payload == null ? new byte[0] : payload)
                .send()
                .orTimeout(30, TimeUnit.SECONDS)
                .whenComplete((result, failure) -> {
                    Throwable error = failure != null ? failure : result.getError().orElse(null);
                    if (error != null) {
                        exchange.setException(error);
                    }
                    callback.done(false);
                });
        return false;
    }

    @Override
    protected void doStop() throws Exception {
        if (client != null) {
            try {
                client.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("MQTT disconnect: {}", e.getMessage());
            }
        }
        super.doStop();
    }
}
