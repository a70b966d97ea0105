package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.iiot.gateway.drain.JetStreamEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/catalog.md}, the list of routes and kamelets, is generated from the files themselves; this test
 * fails when it is out of date. {@code make docs} rewrites it.
 */
class CatalogDocTest {

    private static final Path CATALOG = Path.of("docs", "catalog.md");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<Path> files(String dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s+", " ").strip();
    }

    static String generate() throws IOException {
        StringBuilder doc = new StringBuilder("""
                # Routes and kamelets

                Generated from `routes/` and `kamelets/` by `make docs`; do not edit by hand.

                ## Routes

                | route | group | from | what it does |
                |---|---|---|---|
                """);
        for (Path file : files("routes", ".camel.yaml")) {
            for (JsonNode item : YAML.readTree(file.toFile())) {
                JsonNode route = item.get("route");
                if (route != null) {
                    doc.append("| [`%s`](../%s) | %s | `%s` | %s |%n".formatted(route.path("id").asText(),
                            file.toString().replace('\\', '/'), route.path("group").asText(),
                            route.at("/from/uri").asText(), cell(route.path("description").asText())));
                }
            }
        }
        doc.append("""

                ## Kamelets

                | kamelet | type | parameters | what it does |
                |---|---|---|---|
                """);
        for (Path file : files("kamelets", ".kamelet.yaml")) {
            JsonNode kamelet = YAML.readTree(file.toFile());
            JsonNode definition = kamelet.at("/spec/definition");
            List<String> parameters = new ArrayList<>();
            definition.path("properties").fieldNames().forEachRemaining(name -> parameters.add("`" + name + "`"));
            doc.append("| [`%s`](../%s) | %s | %s | %s |%n".formatted(kamelet.at("/metadata/name").asText(),
                    file.toString().replace('\\', '/'),
                    kamelet.at("/metadata/labels/camel.apache.org~1kamelet.type").asText(),
                    String.join(", ", parameters), cell(definition.path("description").asText())));
        }
        doc.append("""

                ## Components

                ### `jetstream:DURABLE` (`io.iiot.gateway.drain.JetStreamComponent`)

                %s

                | option | default | meaning |
                |---|---|---|
                """.formatted(JetStreamEndpoint.SUMMARY));
        for (String[] option : JetStreamEndpoint.OPTIONS) {
            doc.append("| `%s` | %s | %s |%n".formatted(option[0], option[1], cell(option[2])));
        }
        return doc.toString();
    }

    @Test
    void theCatalogIsUpToDate() throws IOException {
        String generated = generate();
        if (Boolean.getBoolean("catalog.write")) {
            Files.writeString(CATALOG, generated);
        }
        assertEquals(generated, Files.exists(CATALOG) ? Files.readString(CATALOG) : "",
                CATALOG + " is out of date: run `make docs`");
    }
}
