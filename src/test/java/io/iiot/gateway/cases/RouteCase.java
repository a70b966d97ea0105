package io.iiot.gateway.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One data case of {@code src/test/resources/cases/<route-id>/*.yaml}: a name, property overrides
 * ({@code environment}), one input (or several, {@code inputs}, sent in order) and what must come out
 * ({@code expect}). {@code docs/testing-routes.md} describes every field.
 *
 * @param file where it was read from
 * @param name what it shows, in a sentence
 * @param environment properties set for this case only
 * @param assets top-level sections that replace those of {@code config/assets.yaml} for this case, or null
 * @param inputs what reaches the route, in order
 * @param expect what must come out
 */
record RouteCase(Path file, String name, Map<String, String> environment, JsonNode assets, List<JsonNode> inputs,
        JsonNode expect) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static RouteCase read(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        if (root == null || !root.hasNonNull("name") || !(root.has("input") || root.has("inputs"))
                || !root.has("expect")) {
            throw new IllegalArgumentException(file + ": a case needs name, input (or inputs) and expect");
        }
        List<JsonNode> inputs = new ArrayList<>();
        if (root.has("input")) {
            inputs.add(root.get("input"));
        }
        root.path("inputs").forEach(inputs::add);
        return new RouteCase(file, root.get("name").asText(), strings(root.path("environment")), root.get("assets"),
                inputs, root.get("expect"));
    }

    /**
     * The configuration directory the case runs with: {@code config}, or a copy of it whose {@code assets.yaml} has
     * the case's {@code assets} sections in place of its own.
     */
    Path configDir() throws IOException {
        Path shipped = Path.of("config");
        if (assets == null) {
            return shipped;
        }
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "case-config")), "case-");
        Files.copy(shipped.resolve("application.properties"), dir.resolve("application.properties"));
        Files.createDirectory(dir.resolve("jetstream"));
        try (Stream<Path> streams = Files.list(shipped.resolve("jetstream"))) {
            for (Path stream : streams.toList()) {
                Files.copy(stream, dir.resolve("jetstream").resolve(stream.getFileName()));
            }
        }
        ObjectNode model = (ObjectNode) YAML.readTree(shipped.resolve("assets.yaml").toFile());
        model.setAll((ObjectNode) assets);
        YAML.writeValue(dir.resolve("assets.yaml").toFile(), model);
        return dir;
    }

    /** Whether any input has {@code kind}: {@code opcua}, {@code mqtt}, {@code request}, {@code jetstream}. */
    boolean has(String kind) {
        return inputs.stream().anyMatch(input -> input.has(kind));
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
