package io.iiot.gateway.mqtt;

import io.iiot.gateway.jetstream.Arrival;
import io.iiot.gateway.mqtt.MqttIngestModel.Placement;
import io.iiot.gateway.mqtt.MqttPayloads.Reading;
import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.MessageId;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryMessage;
import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import io.iiot.gateway.pipeline.Readings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one MQTT message into telemetry: the topic mapping whose template matches the topic names the machine,
 * sensor and metric (every level through {@link Token#map}, the one token function), the asset model gives the
 * machine's area and line, and the payload gives the readings (one, or one per item of a multi-metric message).
 *
 * <p>The message id is derived from the broker, the topic (and item) and the source timestamp, so a redelivery
 * by the broker after a crash is stored once. A message whose MQTT 5 expiry has passed is rejected
 * ({@code expired}) rather than published as if it were fresh.
 */
public final class MqttNormalizer {

    private final MqttIngestModel model;
    private final Machines machines;
    private final MqttPayloads payloads;
    private final Token org;
    private final Token site;
    private final String source;
    private final Clock clock;

    /**
     * @param model the {@code mqtt:} section of the asset model
     * @param machines the asset model's machines
     * @param payloads the payload reader
     * @param org {@code gateway.org}
     * @param site {@code gateway.site}
     * @param brokerUrl {@code mqtt.broker-url}, part of every message's source
     * @param clock the clock that tells expiry and arrival time
     */
    public MqttNormalizer(MqttIngestModel model, Machines machines, MqttPayloads payloads, String org, String site,
            String brokerUrl, Clock clock) {
        this.model = model;
        this.machines = machines;
        this.payloads = payloads;
        this.org = Token.parse(org);
        this.site = Token.parse(site);
        this.source = "mqtt:" + brokerUrl;
        this.clock = clock;
    }

    /**
     * The telemetry of the messages received together, in order; a message that cannot be normalized is rejected
     * with its reason (as {@link #normalize(MqttMessage)} throws it) and the others go on.
     */
    public Readings normalize(List<MqttMessage> messages) {
        List<Telemetry> telemetry = new ArrayList<>(messages.size());
        List<Readings.Rejected> rejected = new ArrayList<>(0);
        for (MqttMessage message : messages) {
            try {
                telemetry.addAll(normalize(message));
            } catch (RejectedReadingException e) {
                rejected.add(new Readings.Rejected(new Arrival(source + "|" + message.topic(), message.payload()), e));
            }
        }
        return new Readings(telemetry, rejected);
    }

    /**
     * The telemetry of a received message, each reading carrying the message's metadata as NATS headers
     * ({@link MqttMetadata#natsHeaders()}).
     *
     * @throws RejectedReadingException as {@link #normalize(String, byte[], Instant, Instant)} does
     */
    public List<Telemetry> normalize(MqttMessage message) {
        return normalize(message.topic(), message.payload(), message.arrival(), message.metadata().expiresAt(),
                message.metadata().natsHeaders());
    }

    /**
     * @param topic the topic the message was published on
     * @param payload the payload as it arrived
     * @param arrival when the gateway received it; the timestamp of a reading without one where its topic says so
     * @param expiresAt when the message expires (MQTT 5 message expiry), or null
     * @return one telemetry message per reading, in payload order
     * @throws RejectedReadingException naming the reason: {@code unknown_topic}, {@code unknown_machine},
     *         {@code expired}, {@code no_timestamp}, {@code bad_name} or one of {@link MqttPayloads}'
     */
    public List<Telemetry> normalize(String topic, byte[] payload, Instant arrival, Instant expiresAt) {
        return normalize(topic, payload, arrival, expiresAt, Map.of());
    }

    private List<Telemetry> normalize(String topic, byte[] payload, Instant arrival, Instant expiresAt,
            Map<String, List<String>> headers) {
        if (expiresAt != null && clock.instant().isAfter(expiresAt)) {
            throw new RejectedReadingException(DeadLetterReason.EXPIRED, "the message expired at " + expiresAt);
        }
        TopicMapping mapping = null;
        Map<String, String> levels = null;
        for (TopicMapping candidate : model.topics()) {
            Optional<Map<String, String>> match = candidate.template().match(topic);
            if (match.isPresent()) {
                mapping = candidate;
                levels = match.get();
                break;
            }
        }
        if (mapping == null) {
            throw new RejectedReadingException(DeadLetterReason.UNKNOWN_TOPIC,
                    "no topic of assets.yaml matches " + topic);
        }
        List<Telemetry> telemetry = new ArrayList<>();
        for (Reading reading : payloads.read(payload, mapping.format())) {
            telemetry.add(telemetry(mapping, levels, topic, reading, arrival, headers));
        }
        return telemetry;
    }

    private Telemetry telemetry(TopicMapping mapping, Map<String, String> levels, String topic, Reading reading,
            Instant arrival, Map<String, List<String>> headers) {
        String machineName = levels.containsKey("machine") ? levels.get("machine") : reading.device();
        if (machineName == null) {
            throw new RejectedReadingException(DeadLetterReason.BAD_PAYLOAD,
                    "the topic names no machine and the message has no \"_id\"");
        }
        Token machine = Token.map(machineName);
        Placement placement = machines.placement(machine).or(model::unknownMachine)
                .orElseThrow(() -> new RejectedReadingException(DeadLetterReason.UNKNOWN_MACHINE,
                        "machine '" + machine + "' is not in the asset model"));
        Token sensor = levels.containsKey("sensor") ? Token.map(levels.get("sensor")) : mapping.sensor();
        List<Token> metric;
        String item;
        if (reading.item() != null) {
            metric = List.of(Token.map(reading.item()));
            item = topic + "|" + reading.item();
        } else {
            metric = levels.containsKey("metric")
                    ? List.of(Token.map(levels.get("metric")))
                    : TelemetrySubject.parseMetric(mapping.metric());
            item = topic;
        }
        Instant timestamp = reading.timestamp();
        if (timestamp == null) {
            if (!mapping.arrivalTime()) {
                throw new RejectedReadingException(DeadLetterReason.NO_TIMESTAMP,
                        "the message has no timestamp (topic " + mapping.template() + " dead-letters those)");
            }
            timestamp = arrival;
        }
        TelemetrySubject subject = new TelemetrySubject(org, site, placement.area(), placement.line(), machine,
                sensor, metric);
        TelemetryMessage message = new TelemetryMessage(reading.value(), reading.unit(), timestamp,
                reading.quality(), machine, sensor, metric, source + "|" + item,
                reading.attributes());
        return new Telemetry(subject, message, MessageId.of(source, item, timestamp), headers);
    }
}
