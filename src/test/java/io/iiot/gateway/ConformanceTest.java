package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The house rules for routes and kamelets (STYLE.md sections 2 and 3), checked on every file, so that a new file
 * that breaks one fails the build with the file's name.
 */
class ConformanceTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\??([A-Za-z0-9_]+)(:[^}]*)?}}");
    /** Route groups that belong to one role, and the role that must not start them. */
    private static final Map<String, String> ROLE_OF_GROUP = Map.of("ingest", "cloud", "persist", "edge");
    private static final Set<String> KAMELET_TYPES = Set.of("source", "sink", "action");

    private static List<Path> files(String dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static String stem(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - suffix.length());
    }

    @TestFactory
    Stream<DynamicTest> everyRouteIsNamedAfterItsFileAndDescribed() throws IOException {
        return files("routes", ".camel.yaml").stream().map(file -> dynamicTest(file.toString(), () -> {
            for (JsonNode item : YAML.readTree(file.toFile())) {
                JsonNode route = item.get("route");
                if (route == null) {
                    assertTrue(item.has("routeConfiguration") && file.endsWith("error-handling.camel.yaml"),
                            file + ": only error-handling.camel.yaml holds anything but routes");
                    continue;
                }
                assertEquals(stem(file, ".camel.yaml"), route.path("id").asText(), file + ": route id");
                assertFalse(route.path("description").asText().isBlank(), file + ": description");
                assertFalse(route.path("group").asText().isBlank(), file + ": group");
                String role = ROLE_OF_GROUP.get(route.path("group").asText());
                if (role != null) {
                    assertEquals("${properties:gateway.role} != '" + role + "'", route.path("precondition").asText(),
                            file + ": a " + route.path("group").asText() + " route starts only where its role runs");
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyRouteFileLoadsIntoCamel() throws IOException {
        return files("routes", ".camel.yaml").stream().map(file -> dynamicTest(file.toString(), () -> {
            try (DefaultCamelContext context = new DefaultCamelContext()) {
                PluginHelper.getRoutesLoader(context)
                        .loadRoutes(ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()));
                assertFalse(context.getRouteDefinitions().isEmpty()
                        && context.getRouteConfigurationDefinitions().isEmpty(), file + " defines nothing");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyKameletFollowsTheCatalogRules() throws IOException {
        return files("kamelets", ".kamelet.yaml").stream().map(file -> dynamicTest(file.toString(), () -> {
            JsonNode kamelet = YAML.readTree(file.toFile());
            String name = stem(file, ".kamelet.yaml");
            assertEquals(name, kamelet.at("/metadata/name").asText(), file + ": metadata.name");
            String type = name.substring(name.lastIndexOf('-') + 1);
            assertTrue(KAMELET_TYPES.contains(type), file + ": name ends in -source, -sink or -action");
            assertEquals(type, kamelet.at("/metadata/labels/camel.apache.org~1kamelet.type").asText(),
                    file + ": kamelet.type label");
            JsonNode definition = kamelet.at("/spec/definition");
            String title = definition.path("title").asText();
            assertTrue(title.endsWith(Character.toUpperCase(type.charAt(0)) + type.substring(1)), file + ": title");
            assertEquals("object", definition.path("type").asText(), file + ": definition type");
            assertTrue(definition.path("required").isArray(), file + ": required list");
            Set<String> declared = new TreeSet<>();
            definition.path("properties").fields().forEachRemaining(p -> {
                declared.add(p.getKey());
                JsonNode property = p.getValue();
                String where = file + ": property " + p.getKey();
                assertTrue(property.path("title").asText().matches("[A-Z].*") &&
                        !property.path("title").asText().matches("(The|A|An) .*"), where + " title");
                assertFalse(property.path("description").asText().isBlank(), where + " description");
                assertFalse(property.path("type").asText().isBlank(), where + " type");
                assertTrue(property.has("example") || property.has("default"), where + " example or default");
            });
            Set<String> used = new HashSet<>();
            Matcher parameter = PARAMETER.matcher(kamelet.at("/spec/template").toString());
            while (parameter.find()) {
                used.add(parameter.group(1));
            }
            assertEquals(declared, new TreeSet<>(used), file + ": declared parameters are exactly the used ones");
        }));
    }
}
