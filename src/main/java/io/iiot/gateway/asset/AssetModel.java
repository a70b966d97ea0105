package io.iiot.gateway.asset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.iiot.gateway.ConfigException;
import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The asset model from {@code assets.yaml}: which source item is which sensor metric of which machine. Routes
 * never list items themselves; they look tags up here.
 *
 * <pre>
 * tags:
 *   - node: "ns=2;s=cnc-001/spindle/vibration_rms"
 *     area: hall-a
 *     line: line-1
 *     machine: cnc-001
 *     sensor: spindle
 *     metric: vibration.rms
 *     unit: mm/s
 *     attributes: {longitude: "45.13"}
 * </pre>
 */
public final class AssetModel {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, AssetTag> tagsByItem;

    private AssetModel(Map<String, AssetTag> tagsByItem) {
        this.tagsByItem = Map.copyOf(tagsByItem);
    }

    /**
     * Loads and validates the model.
     *
     * @throws ConfigException naming the file, the entry and the problem
     */
    public static AssetModel load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file, "", "cannot be read as YAML: " + firstLine(e.getMessage()));
        }
        JsonNode tags = root == null ? null : root.get("tags");
        if (tags == null || !tags.isArray()) {
            throw new ConfigException(file, "tags", "is missing or not a list");
        }
        Map<String, AssetTag> byItem = new LinkedHashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            String key = "tags[" + i + "]";
            AssetTag tag = parseTag(file, key, tags.get(i));
            if (byItem.putIfAbsent(tag.item(), tag) != null) {
                throw new ConfigException(file, key + ".node", "'" + tag.item() + "' is listed twice");
            }
        }
        return new AssetModel(byItem);
    }

    private static AssetTag parseTag(Path file, String key, JsonNode node) {
        Token area = field(file, key, node, "area", Token::parse);
        if (area.isReserved()) {
            throw new ConfigException(file, key + ".area", "'" + area + "' is reserved for non-telemetry subjects");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode attrs = node.get("attributes");
        if (attrs != null) {
            attrs.fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        }
        JsonNode unit = node.get("unit");
        return new AssetTag(field(file, key, node, "node", Function.identity()), area,
                field(file, key, node, "line", Token::parse), field(file, key, node, "machine", Token::parse),
                field(file, key, node, "sensor", Token::parse),
                field(file, key, node, "metric", TelemetrySubject::parseMetric), unit == null ? "" : unit.asText(),
                attributes);
    }

    private static <T> T field(Path file, String key, JsonNode node, String name, Function<String, T> parser) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
            throw new ConfigException(file, key + "." + name, "is missing");
        }
        try {
            return parser.apply(value.asText());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, key + "." + name, e.getMessage());
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** The tag for a source item, if the model has one. */
    public Optional<AssetTag> tag(String item) {
        return Optional.ofNullable(tagsByItem.get(item));
    }

    /** Every tag, in file order. */
    public List<AssetTag> tags() {
        return List.copyOf(tagsByItem.values());
    }

    @Override
    public String toString() {
        return "AssetModel[" + tagsByItem.size() + " tags]";
    }
}
