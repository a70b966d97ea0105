package io.iiot.gateway.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the values of a {@link PlantSimulator} to an MQTT 5 broker each time it steps its machines.
 *
 * <p>One message per machine variable and step, QoS 1, not retained, on topic {@code
 * plant/<machine>/<topic path>}, e.g. {@code plant/cnc-001/spindle/vibration/rms} or {@code
 * plant/cnc-001/machine/state} (see {@link PlantVariable#topicPath()}). The payload is UTF-8 JSON:
 *
 * <pre>{@code
 * {"value":2.13,"unit":"mm/s","timestamp":"2025-01-31T12:00:00.123Z","quality":"good"}
 * {"value":"RUNNING","timestamp":"2025-01-31T12:00:00.123Z","quality":"good"}
 * }</pre>
 *
 * <p>The timestamp is the step's source timestamp (UTC, millisecond precision); the state has no
 * unit. Every variable is published once per update interval, changed or not, and like the OPC-UA
 * changes the machines' messages are spread evenly over the interval, a few machines at a time. The
 * client id is {@code plant-simulator-<random UUID>}, the session is clean and the client reconnects
 * automatically. Messages that cannot be handed to the client (for example while it reconnects) are
 * dropped: one warning when the first is dropped, one counting them when publishing works again.
 */
public final class PlantMqttPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlantMqttPublisher.class);
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    private static final PlantVariable[] VARIABLES = PlantVariable.values();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectWriter JSON = new ObjectMapper().writerFor(Payload.class);
    private static final int QOS = 1;
    private static final long CONNECT_TIMEOUT_MS = 10_000;

    private final MqttAsyncClient client;
    private final PlantSimulator simulator;
    private final Consumer<PlantSnapshot> listener = this::publish;
    /** Messages dropped since publishing last worked; touched by the simulator's thread only. */
    private long dropped;

    private PlantMqttPublisher(MqttAsyncClient client, PlantSimulator simulator) {
        this.client = client;
        this.simulator = simulator;
    }

    /**
     * Connects to a broker and starts publishing the simulator's values as it steps its machines.
     *
     * @param brokerUrl {@code tcp://host:port}, {@code ssl://}, {@code ws://} or {@code wss://}
     * @param simulator the simulator whose values are published
     * @throws IllegalArgumentException if the broker URL is not a valid MQTT URL
     * @throws MqttException if the connection fails
     */
    public static PlantMqttPublisher connect(String brokerUrl, PlantSimulator simulator)
            throws MqttException {
        requireBrokerUrl(brokerUrl);
        MqttAsyncClient client = new MqttAsyncClient(
                brokerUrl, "plant-simulator-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        try {
            client.connect(options).waitForCompletion(CONNECT_TIMEOUT_MS);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        PlantMqttPublisher publisher = new PlantMqttPublisher(client, simulator);
        simulator.addListener(publisher.listener);
        LOG.info("Publishing plant values to {} as {}", brokerUrl, client.getClientId());
        return publisher;
    }

    /**
     * Checks that a URL is an MQTT broker URL with a supported scheme and a host.
     *
     * @return the URL
     * @throws IllegalArgumentException naming the problem otherwise
     */
    public static String requireBrokerUrl(String brokerUrl) {
        if (brokerUrl == null || brokerUrl.isBlank()) {
            throw new IllegalArgumentException("broker URL must not be blank");
        }
        try {
            URI uri = new URI(brokerUrl);
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "broker URL must look like tcp://host:port (or ssl, ws, wss), got '" + brokerUrl + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("broker URL '" + brokerUrl + "' is not a valid URI", e);
        }
        return brokerUrl;
    }

    /** The topic of one machine variable: {@code plant/<machine>/<topic path>}. */
    public static String topic(String machine, PlantVariable variable) {
        return "plant/" + machine + "/" + variable.topicPath();
    }

    /** The JSON payload of one machine variable at one instant. */
    static byte[] payload(PlantVariable variable, Object value, Instant timestamp) {
        try {
            return JSON.writeValueAsBytes(
                    new Payload(value, variable.unit().orElse(null), TIMESTAMP.format(timestamp), "good"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize value of " + variable.path(), e);
        }
    }

    /** Stops publishing and disconnects from the broker. */
    @Override
    public void close() throws MqttException {
        simulator.removeListener(listener);
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(CONNECT_TIMEOUT_MS);
            }
        } finally {
            client.close();
        }
    }

    private void publish(PlantSnapshot snapshot) {
        for (MachineReading reading : snapshot.readings()) {
            for (PlantVariable variable : VARIABLES) {
                MqttMessage message = new MqttMessage(payload(variable, reading.value(variable), snapshot.timestamp()));
                message.setQos(QOS);
                try {
                    client.publish(topic(reading.machine(), variable), message);
                    published();
                } catch (MqttException e) {
                    dropped(e);
                }
            }
        }
    }

    private void dropped(MqttException e) {
        if (dropped++ == 0) {
            LOG.warn("Dropping MQTT messages until the client takes them again: {}", e.getMessage());
        }
    }

    private void published() {
        if (dropped > 0) {
            LOG.warn("Dropped {} MQTT messages; publishing again", dropped);
            dropped = 0;
        }
    }

    /** The JSON body of a message; the unit is left out when absent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Payload(Object value, String unit, String timestamp, String quality) {
    }
}
