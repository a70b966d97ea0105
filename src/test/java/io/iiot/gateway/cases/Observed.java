package io.iiot.gateway.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.iiot.gateway.drain.DrainBatch;
import io.iiot.gateway.drain.Measurement;
import io.iiot.gateway.drain.Sink;
import io.iiot.gateway.drain.SinkStatus;
import io.iiot.gateway.testing.MqttInbox;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * What a case's route did, as the people downstream see it: every NATS message a subscriber of {@code >} receives
 * (JetStream API traffic, inboxes and the case's own inputs left out), every MQTT message on the broker (the
 * case's own inputs left out), the replies to the case's requests and the rows a drain handed to its sink.
 */
final class Observed implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    final List<Published> nats = new CopyOnWriteArrayList<>();
    final List<String> replies = new CopyOnWriteArrayList<>();
    final List<String> rows = new CopyOnWriteArrayList<>();
    /** Subjects and topics the case itself sends to. */
    final Set<String> inputs = ConcurrentHashMap.newKeySet();
    private final MqttInbox inbox = new MqttInbox();
    private final Connection connection;
    private final Dispatcher dispatcher;

    Observed(Connection connection) throws Exception {
        this.connection = connection;
        dispatcher = connection.createDispatcher(this::received);
        dispatcher.subscribe(">");
        connection.flush(Duration.ofSeconds(10));
    }

    private void received(Message message) {
        String subject = message.getSubject();
        if (subject.startsWith("$JS.") || subject.startsWith("_INBOX.") || inputs.contains(subject)) {
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (message.getHeaders() != null) {
            message.getHeaders().entrySet().forEach(h -> headers.put(h.getKey(), h.getValue().get(0)));
        }
        nats.add(new Published(subject, headers, new String(message.getData(), StandardCharsets.UTF_8)));
    }

    /** Makes sure every message the server routed to this subscriber before now has been received. */
    void flush() throws Exception {
        connection.flush(Duration.ofSeconds(10));
    }

    /** Records what arrives on every topic of the broker {@code client} is connected to. */
    void watch(MqttClient client) throws MqttException {
        client.setCallback(inbox);
        client.subscribe("#", 1);
    }

    /** The MQTT messages published so far, the case's own inputs left out. */
    List<Published> mqtt() {
        return inbox.received().stream().filter(m -> !inputs.contains(m.getKey()))
                .map(m -> new Published(m.getKey(), Map.of(),
                        new String(m.getValue().getPayload(), StandardCharsets.UTF_8)))
                .toList();
    }

    /** Stands in for a drain's database: records each row it is asked to write, as JSON. */
    Sink sink(String name) {
        return new RowRecorder(name, new SinkStatus(name), rows);
    }

    private record RowRecorder(String name, SinkStatus status, List<String> rows) implements Sink {
        @Override
        public void write(DrainBatch batch) {
            for (Measurement row : batch.measurements()) {
                rows.add(json(row));
            }
            status.up();
        }

        @Override
        public void close() {
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        connection.closeDispatcher(dispatcher);
    }

    /** Everything observed, for failure messages. */
    @Override
    public String toString() {
        return "NATS " + nats + ", MQTT " + mqtt() + ", replies " + replies + ", rows " + rows;
    }
}
