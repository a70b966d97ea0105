package io.iiot.gateway.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One data case of {@code src/test/resources/cases/<route-id>/*.yaml}: a name, property overrides
 * ({@code environment}), one input and what must come out ({@code expect}). {@code docs/testing-routes.md}
 * describes every field.
 *
 * @param file where it was read from
 * @param name what it shows, in a sentence
 * @param environment properties set for this case only
 * @param input what the route's source hands over
 * @param expect what must be published
 */
record RouteCase(Path file, String name, Map<String, String> environment, JsonNode input, JsonNode expect) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static RouteCase read(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        if (root == null || !root.hasNonNull("name") || !root.has("input") || !root.has("expect")) {
            throw new IllegalArgumentException(file + ": a case needs name, input and expect");
        }
        return new RouteCase(file, root.get("name").asText(), strings(root.path("environment")), root.get("input"),
                root.get("expect"));
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), field.getValue().asText());
        }
        return map;
    }

    @Override
    public String toString() {
        return file.getFileName() + ": " + name;
    }
}
