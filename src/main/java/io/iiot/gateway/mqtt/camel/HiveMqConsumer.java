package io.iiot.gateway.mqtt.camel;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.iiot.gateway.jetstream.Arrival;
import io.iiot.gateway.mqtt.MqttConnection;
import io.iiot.gateway.mqtt.MqttMessage;
import io.iiot.gateway.mqtt.MqttMetadata;
import io.iiot.gateway.mqtt.TopicMapping;
import io.iiot.gateway.ops.DependencyHealthCheck;
import io.iiot.gateway.ops.DependencyState;
import io.iiot.gateway.ops.GatewayMetrics;
import io.micrometer.core.instrument.Meter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the messages of a persistent MQTT 5 session and acknowledges each one to the broker (PUBACK, or PUBREC
 * for QoS 2) only after the route has finished with it, successfully or by dead-lettering it. A message the route
 * failed on is not acknowledged: the broker delivers it again when the session resumes, and its deterministic
 * {@code Nats-Msg-Id} makes the second copy harmless. A {@code kill -9} therefore loses nothing the broker held.
 *
 * <p>The session is persistent (clean start false, session expiry {@code sessionExpirySeconds}), so the broker
 * queues messages while the gateway is away. The publish callback is registered before the connection is made: the
 * messages a resumed session delivers right after CONNACK are not missed. After every (re)connect the topics are
 * subscribed again (retained messages only for subscriptions the broker did not have), so a broker that lost the
 * session, or a topic added to {@code assets.yaml}, is subscribed without intervention.
 *
 * <p>Messages run on {@code lanes} threads; all messages of one topic run on the same lane, in arrival order. A lane
 * hands on, as one exchange, every message that queued up while it was busy (at most {@link #MAX_BATCH}): one
 * message when traffic is light, hundreds under load, so Camel's cost per exchange is shared by the batch. The
 * broker has at most {@code receiveMaximum} unacknowledged messages in flight to the gateway: that is the
 * back-pressure when JetStream is slow.
 */
final class HiveMqConsumer extends DefaultConsumer {

    /** Header: the topic a message is published to (the producer's). */
    static final String TOPIC = "MqttTopic";
    /** Exchange property: the batch's messages as they arrived ({@link Arrival}s), what dead letters carry. */
    static final String ORIGINAL = "GatewayOriginal";
    /** Most messages in one exchange. */
    static final int MAX_BATCH = 128;

    private static final Logger LOG = LoggerFactory.getLogger(HiveMqConsumer.class);
    private static final String HEALTH_CHECK = "mqtt-health";

    private final HiveMqEndpoint endpoint;
    private Mqtt5AsyncClient client;
    private GatewayMetrics metrics;
    private Meter connectedSeries;
    private Lane[] lanes;
    /** Counts the connections; a message remembers the one it came on. */
    private final AtomicLong connections = new AtomicLong();
    /** Guards {@link #failed} and {@link #resuming} together with the change of connection. */
    private final Object session = new Object();
    /** Messages of the current connection the route failed on; released when the next connection is up. */
    private final List<Mqtt5Publish> failed = new ArrayList<>();
    private boolean resuming;

    HiveMqConsumer(HiveMqEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (endpoint.getBrokerUrl() == null || endpoint.getBrokerUrl().isBlank()) {
            LOG.info("mqtt.broker-url is empty: MQTT ingest is not started");
            return;
        }
        MqttConnection connection = endpoint.connection();
        lanes = new Lane[endpoint.getLanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newSingleThreadExecutor(this, "mqtt-ingest-" + i));
        }
        client = connection.builder(connection.clientId())
                .addConnectedListener(this::connected)
                .addDisconnectedListener(this::disconnected)
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::received, true);
        watch(connection.brokerUrl());
        connect();
    }

    /**
     * Makes the connection visible: a health check {@code mqtt:<broker-url>}, DOWN while the client is not connected,
     * and the series {@code gateway_mqtt_connected{broker}}.
     */
    private void watch(String brokerUrl) {
        Registry registry = getEndpoint().getCamelContext().getRegistry();
        registry.bind(HEALTH_CHECK, new DependencyHealthCheck("mqtt", brokerUrl, () -> client.getState().isConnected()
                ? DependencyState.up("connected as " + endpoint.getClientId())
                : DependencyState.down("MQTT client is " + client.getState().name().toLowerCase(Locale.ROOT))));
        metrics = registry.lookupByNameAndType("gatewayMetrics", GatewayMetrics.class);
        if (metrics != null) {
            connectedSeries = metrics.mqttConnection(brokerUrl, () -> client.getState().isConnected());
        }
    }

    private void connect() {
        MqttConnection connection = endpoint.connection();
        client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(connection.sessionExpirySeconds())
                .keepAlive(30)
                .restrictions()
                .receiveMaximum(connection.receiveMaximum())
                .applyRestrictions()
                .send()
                .whenComplete((ack, failure) -> {
                    if (failure != null) {
                        LOG.warn("MQTT broker {} not reachable yet ({}); retrying", connection.brokerUrl(),
                                failure.getMessage());
                    }
                });
    }

    private void connected(MqttClientConnectedContext context) {
        List<Mqtt5Publish> released;
        synchronized (session) {
            connections.incrementAndGet();
            released = List.copyOf(failed);
            failed.clear();
            resuming = false;
        }
        // the client sends acknowledgements in arrival order, so a message never acknowledged would hold back every
        // later one; acknowledged now, on the new connection, it only leaves the client's queue: the broker gets no
        // acknowledgement for it and delivers it again
        released.forEach(Mqtt5Publish::acknowledge);
        boolean resumed = context instanceof Mqtt5ClientConnectedContext mqtt5
                && mqtt5.getConnAck().isSessionPresent();
        LOG.info("MQTT connected to {} as {} ({})", endpoint.getBrokerUrl(), endpoint.getClientId(),
                resumed ? "session resumed" : "new session");
        subscribe();
    }

    private void subscribe() {
        List<TopicMapping> topics = endpoint.getTopics().topics();
        if (topics.isEmpty()) {
            LOG.warn("assets.yaml lists no MQTT topics (mqtt.topics): nothing to subscribe to");
            return;
        }
        List<Mqtt5Subscription> subscriptions = topics.stream()
                .map(t -> Mqtt5Subscription.builder()
                        .topicFilter(t.subscription())
                        .qos(MqttQos.fromCode(t.qos()))
                        .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
                        .build())
                .toList();
        client.subscribeWith().addSubscriptions(subscriptions).send().whenComplete((subAck, failure) -> {
            if (failure != null) {
                LOG.error("MQTT subscribe failed: {}", failure.getMessage());
                return;
            }
            List<Mqtt5SubAckReasonCode> codes = subAck.getReasonCodes();
            for (int i = 0; i < codes.size(); i++) {
                if (codes.get(i).isError()) {
                    LOG.error("MQTT broker refused the subscription to {}: {}", subscriptions.get(i).getTopicFilter(),
                            codes.get(i));
                } else {
                    LOG.info("MQTT subscribed to {} ({})", subscriptions.get(i).getTopicFilter(), codes.get(i));
                }
            }
        });
    }

    private void disconnected(MqttClientDisconnectedContext context) {
        if (isRunAllowed()) {
            LOG.warn("MQTT disconnected from {} ({}); reconnecting", endpoint.getBrokerUrl(),
                    context.getCause().getMessage());
        }
    }

    private void received(Mqtt5Publish publish) {
        Instant arrival = Instant.now();
        String topic = publish.getTopic().toString();
        lanes[Math.floorMod(topic.hashCode(), lanes.length)].queue
                .add(new Received(publish, topic, arrival, connections.get()));
    }

    private void process(List<Received> batch) {
        Exchange exchange = createExchange(false);
        List<MqttMessage> messages = new ArrayList<>(batch.size());
        List<Arrival> arrivals = new ArrayList<>(batch.size());
        for (Received received : batch) {
            byte[] payload = received.publish.getPayloadAsBytes();
            messages.add(new MqttMessage(payload, received.arrival,
                    metadata(received.publish, received.topic, received.arrival)));
            arrivals.add(new Arrival("mqtt:" + endpoint.getBrokerUrl() + "|" + received.topic, payload));
        }
        exchange.getMessage().setBody(messages);
        exchange.setProperty(ORIGINAL, arrivals);
        // asynchronous: the lane moves on to its next batch while this one awaits its PubAcks; the publisher's
        // bound on publishes in flight (and the broker's window) hold the lane back when JetStream is slow
        getAsyncProcessor().process(exchange, doneSync -> completed(batch, exchange));
    }

    private void completed(List<Received> batch, Exchange exchange) {
        if (exchange.getException() == null) {
            batch.forEach(received -> received.publish.acknowledge());
        } else {
            getExceptionHandler().handleException(batch.size() + " MQTT messages (first on " + batch.get(0).topic
                    + ") neither stored nor dead-lettered, not acknowledged; the broker delivers them again",
                    exchange, exchange.getException());
            batch.forEach(received -> failed(received.publish, received.connection));
        }
        releaseExchange(exchange, false);
    }

    /**
     * Has the broker deliver a message again that the route failed on: the session is resumed on a new connection
     * (once per connection, however many messages fail on it), and the broker resends what the old connection did
     * not acknowledge. Acknowledging the message instead would lose it; leaving it alone would stop the flow, since
     * no later message is acknowledged before it and the broker stops sending once its in-flight window is full.
     * Messages of the old connection still in the route finish, but their acknowledgements no longer reach the
     * broker: they are delivered again too, and their {@code Nats-Msg-Id} keeps JetStream from storing them twice.
     */
    private void failed(Mqtt5Publish publish, long on) {
        boolean reconnect;
        synchronized (session) {
            if (on != connections.get()) {
                // its connection is gone already: nothing to hold back, and the broker resends it
                publish.acknowledge();
                return;
            }
            failed.add(publish);
            reconnect = !resuming && isRunAllowed();
            resuming = true;
        }
        if (reconnect) {
            LOG.warn("MQTT reconnecting to {} so the broker delivers the unacknowledged messages again",
                    endpoint.getBrokerUrl());
            client.disconnect().whenComplete((done, failure) -> {
                if (isRunAllowed()) {
                    connect();
                }
            });
        }
    }

    private static MqttMetadata metadata(Mqtt5Publish publish, String topic, Instant arrival) {
        List<Map.Entry<String, String>> properties = publish.getUserProperties().asList().stream()
                .map(p -> Map.entry(p.getName().toString(), p.getValue().toString()))
                .toList();
        return new MqttMetadata(topic, properties,
                publish.getContentType().map(Object::toString).orElse(null),
                publish.getCorrelationData().map(HiveMqConsumer::bytes).orElse(null),
                publish.getResponseTopic().map(Object::toString).orElse(null),
                publish.getMessageExpiryInterval().isPresent()
                        ? arrival.plusSeconds(publish.getMessageExpiryInterval().getAsLong())
                        : null,
                publish.isRetain());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    protected void doStop() throws Exception {
        // leave: what the lanes had not taken stays unacknowledged in the session; the broker delivers it again
        for (Lane lane : lanes == null ? new Lane[0] : lanes) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(lane.thread);
        }
        if (client != null) {
            try {
                client.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("MQTT disconnect: {}", e.getMessage());
            }
            Registry registry = getEndpoint().getCamelContext().getRegistry();
            registry.unbind(HEALTH_CHECK);
            if (connectedSeries != null) {
                metrics.remove(List.of(connectedSeries));
            }
        }
        super.doStop();
    }

    /** A message as it arrived, with the connection it came on. */
    private record Received(Mqtt5Publish publish, String topic, Instant arrival, long connection) {
    }

    /**
     * One thread and its queue: it takes whatever queued up, at most {@link #MAX_BATCH} messages, and hands it on as
     * one exchange. Stopping drops what it has not taken: those messages were not acknowledged, so the broker keeps
     * them in the session and delivers them again.
     */
    private final class Lane implements Runnable {

        private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
        private final ExecutorService thread;

        Lane(ExecutorService thread) {
            this.thread = thread;
            thread.execute(this);
        }

        @Override
        public void run() {
            List<Received> batch = new ArrayList<>(MAX_BATCH);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    batch.add(queue.take());
                    queue.drainTo(batch, MAX_BATCH - 1);
                    process(List.copyOf(batch));
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
