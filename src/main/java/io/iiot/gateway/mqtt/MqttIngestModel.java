package io.iiot.gateway.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.iiot.gateway.ConfigException;
import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code mqtt:} section of {@code assets.yaml}: which topics the gateway subscribes to and how their messages
 * become telemetry.
 *
 * <pre>
 * mqtt:
 *   unknown-machine: {area: unassigned, line: unassigned}   # omit: dead-letter (unknown_machine)
 *   topics:
 *     - topic: "plant/{machine}/{sensor}/{metric}"        # subscribes to plant/+/+/+
 *       format: reading                                     # reading (default) | multi-metric
 *       missing-timestamp: dead-letter                      # dead-letter (default) | arrival-time
 *       qos: 1                                              # default 1
 *       shared-group: gateways                              # optional: $share/gateways/plant/+/+/+
 *       sensor: items                                       # when the topic names no {sensor}
 *       metric: value                                       # reading, when the topic names no {metric}
 * </pre>
 *
 * A file without an {@code mqtt:} section has no topics. Every problem is reported as one line naming the file and
 * the entry.
 */
public final class MqttIngestModel {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOPIC_KEYS = Set.of("topic", "format", "missing-timestamp", "qos",
            "shared-group", "sensor", "metric");

    private final List<TopicMapping> topics;
    private final Placement unknownMachine;

    /**
     * @param topics the topic mappings, in file order
     * @param unknownMachine where a machine missing from the model goes, or null to dead-letter it
     */
    public MqttIngestModel(List<TopicMapping> topics, Placement unknownMachine) {
        this.topics = List.copyOf(topics);
        this.unknownMachine = unknownMachine;
    }

    /**
     * Reads the {@code mqtt:} section of an asset model file.
     *
     * @throws ConfigException naming the file, the entry and the problem
     */
    public static MqttIngestModel load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file, "", "cannot be read as YAML: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        JsonNode mqtt = root == null ? null : root.get("mqtt");
        if (mqtt == null || mqtt.isNull()) {
            return new MqttIngestModel(List.of(), null);
        }
        if (!mqtt.isObject()) {
            throw new ConfigException(file, "mqtt", "is not a mapping");
        }
        for (Iterator<String> keys = mqtt.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!key.equals("topics") && !key.equals("unknown-machine")) {
                throw new ConfigException(file, "mqtt." + key, "is not a setting (topics, unknown-machine)");
            }
        }
        return new MqttIngestModel(topics(file, mqtt.get("topics")), unknownMachine(file, mqtt.get("unknown-machine")));
    }

    private static List<TopicMapping> topics(Path file, JsonNode topics) {
        if (topics == null || topics.isNull()) {
            return List.of();
        }
        if (!topics.isArray()) {
            throw new ConfigException(file, "mqtt.topics", "is not a list");
        }
        List<TopicMapping> mappings = new ArrayList<>();
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            String key = "mqtt.topics[" + i + "]";
            TopicMapping mapping = topic(file, key, topics.get(i));
            if (subscriptions.contains(mapping.subscription())) {
                throw new ConfigException(file, key + ".topic", "'" + mapping.subscription() + "' is listed twice");
            }
            subscriptions.add(mapping.subscription());
            mappings.add(mapping);
        }
        return mappings;
    }

    private static TopicMapping topic(Path file, String key, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigException(file, key, "is not a mapping");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext();) {
            String name = keys.next();
            if (!TOPIC_KEYS.contains(name)) {
                throw new ConfigException(file, key + "." + name, "is not a setting of a topic " + TOPIC_KEYS);
            }
        }
        TopicTemplate template = parse(file, key + ".topic", () -> TopicTemplate.parse(text(node, "topic", null)));
        PayloadFormat format = parse(file, key + ".format", () -> format(text(node, "format", "reading")));
        boolean arrivalTime = parse(file, key + ".missing-timestamp", () -> switch (text(node, "missing-timestamp",
                "dead-letter")) {
            case "dead-letter" -> false;
            case "arrival-time" -> true;
            default -> throw new IllegalArgumentException("is dead-letter or arrival-time");
        });
        int qos = parse(file, key + ".qos", () -> {
            JsonNode value = node.get("qos");
            if (value == null) {
                return 1;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                throw new IllegalArgumentException("is 0, 1 or 2");
            }
            return value.asInt();
        });
        String group = text(node, "shared-group", null);
        Token sensor = parse(file, key + ".sensor", () -> {
            String text = text(node, "sensor", null);
            return text == null ? null : Token.parse(text);
        });
        String metric = parse(file, key + ".metric", () -> {
            String text = text(node, "metric", null);
            return text == null
                    ? null
                    : String.join(".", TelemetrySubject.parseMetric(text).stream()
                            .map(Token::toString).toList());
        });
        return parse(file, key, () -> new TopicMapping(template, format, arrivalTime, qos, group, sensor, metric));
    }

    private static PayloadFormat format(String text) {
        for (PayloadFormat format : PayloadFormat.values()) {
            if (format.yamlName().equals(text)) {
                return format;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a format (reading, multi-metric)");
    }

    private static Placement unknownMachine(Path file, JsonNode node) {
        if (node == null || node.isNull() || node.isTextual() && node.asText().equals("dead-letter")) {
            return null;
        }
        if (!node.isObject()) {
            throw new ConfigException(file, "mqtt.unknown-machine", "is dead-letter or {area: …, line: …}");
        }
        Token area = parse(file, "mqtt.unknown-machine.area", () -> Token.parse(text(node, "area", null)));
        if (area.isReserved()) {
            throw new ConfigException(file, "mqtt.unknown-machine.area",
                    "'" + area + "' is reserved for non-telemetry subjects");
        }
        Token line = parse(file, "mqtt.unknown-machine.line", () -> Token.parse(text(node, "line", null)));
        return new Placement(area, line);
    }

    private static String text(JsonNode node, String name, String fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (fallback == null && !Set.of("shared-group", "sensor", "metric").contains(name)) {
                throw new IllegalArgumentException("is missing");
            }
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException("is not a single value");
        }
        return value.asText();
    }

    private static <T> T parse(Path file, String key, ParseStep<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, key, e.getMessage());
        }
    }

    /** The topic mappings, in file order. */
    public List<TopicMapping> topics() {
        return topics;
    }

    /** Where a machine missing from the model goes; empty means it is dead-lettered. */
    public Optional<Placement> unknownMachine() {
        return Optional.ofNullable(unknownMachine);
    }

    @Override
    public String toString() {
        return "MqttIngestModel" + topics.stream().map(TopicMapping::subscription).toList();
    }

    /**
     * Area and line of a machine.
     *
     * @param area area token
     * @param line line token
     */
    public record Placement(Token area, Token line) {
    }

    @FunctionalInterface
    private interface ParseStep<T> {
        T get();
    }
}
