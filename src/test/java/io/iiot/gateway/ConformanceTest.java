package io.iiot.gateway;

import static java.util.stream.Collectors.toCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.mqtt.MqttIngestModel;
import io.iiot.gateway.testing.FreePorts;
import io.nats.client.Connection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The house rules for routes and kamelets (CONTRIBUTING.md, "Adding a route or a kamelet"), checked on every file,
 * so that a new file that breaks one fails the build with the file's name; and every role's route set started in
 * Camel with its kamelets, beans and placeholders resolved.
 */
class ConformanceTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\??([A-Za-z0-9_]+)(:[^}]*)?}}");
    /**
     * Routes that answer every failure to their requester (a NATS reply) instead of dead-lettering it: the
     * requester decides whether to retry.
     */
    private static final Set<String> ANSWERS_ITS_ERRORS = Set.of("commands-to-machines");

    /** Route groups that belong to one role, and the role that must not start them. */
    private static final Map<String, String> ROLE_OF_GROUP = Map.of("ingest", "cloud", "persist", "edge");
    private static final Set<String> KAMELET_TYPES = Set.of("source", "sink", "action");
    private static final Pattern KAMELET_URI = Pattern.compile("kamelet:([a-z0-9-]+)");

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
                if (!route.at("/from/uri").asText().equals(deadLetterUri())
                        && !ANSWERS_ITS_ERRORS.contains(route.path("id").asText())) {
                    // ingest routes dead-letter what fails; drains settle each message with the stream themselves
                    String expected = "persist".equals(route.path("group").asText()) ? "drain" : "dead-letter";
                    assertEquals(expected, route.path("routeConfigurationId").asText(),
                            file + ": errors are handled by routeConfigurationId " + expected);
                }
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

    /** Where the shared error handling sends dead letters: the one route that consumes it needs no handler. */
    private static String deadLetterUri() throws IOException {
        for (JsonNode item : YAML.readTree(Path.of("routes", "error-handling.camel.yaml").toFile())) {
            JsonNode uri = item.at("/routeConfiguration/errorHandler/deadLetterChannel/deadLetterUri");
            if (!uri.isMissingNode()) {
                return uri.asText();
            }
        }
        throw new AssertionError("routes/error-handling.camel.yaml has no dead-letter channel");
    }

    /**
     * Each role's route set, started as the gateway starts it: camel-main with the shipped configuration, every
     * configuration class's beans, the kamelets from {@code kamelets/} and the routes from {@code routes/}, so a
     * missing kamelet parameter, bean, bean method or placeholder fails here. Servers are stubbed: the NATS
     * connection is a stand-in and routes are created but not started, so no consumer connects anywhere.
     */
    @ParameterizedTest
    @ValueSource(strings = {"edge", "cloud", "all"})
    void everyRoleStartsItsRouteSet(String role) throws Exception {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(GatewayMain.propertyLocations(Path.of("config")));
        main.addOverrideProperty("gateway.role", role);
        main.addOverrideProperty("http.port", Integer.toString(FreePorts.next()));
        main.addOverrideProperty("camel.main.autoStartup", "false");
        main.addOverrideProperty("camel.routecontroller.enabled", "false");
        GatewayMain.configurations().forEach(main.configure()::addConfiguration);
        main.bind("natsConnection", Stubs.of(Connection.class));
        main.bind("assetModel", AssetModel.load(Path.of("config", "assets.yaml")));
        main.bind("mqttIngestModel", MqttIngestModel.load(Path.of("config", "assets.yaml")));
        try {
            main.start();
            Set<String> routes = new TreeSet<>();
            Set<String> kamelets = new TreeSet<>();
            for (Path file : files("routes", ".camel.yaml")) {
                for (JsonNode item : YAML.readTree(file.toFile())) {
                    if (item.has("route") && !role.equals(ROLE_OF_GROUP.get(item.at("/route/group").asText()))) {
                        routes.add(item.at("/route/id").asText());
                        Matcher kamelet = KAMELET_URI.matcher(item.toString());
                        while (kamelet.find()) {
                            kamelets.add(kamelet.group(1));
                        }
                    }
                }
            }
            List<Route> created = main.getCamelContext().getRoutes();
            assertEquals(routes, created.stream().filter(r -> !r.isCreatedByKamelet()).map(Route::getRouteId)
                    .collect(toCollection(TreeSet::new)), role + ": the routes created");
            assertEquals(kamelets, created.stream().filter(Route::isCreatedByKamelet)
                    .map(r -> r.getRouteId().replaceFirst("-\\d+$", ""))
                    .collect(toCollection(TreeSet::new)), role + ": the kamelets instantiated");
        } finally {
            main.stop();
        }
    }

    /** One line width for all Java code: the formatter's, which cannot break a long string or comment itself. */
    @Test
    void everyJavaLineFitsTheProjectWidth() throws IOException {
        Matcher setting = Pattern.compile("formatter.lineSplit\" value=\"(\\d+)\"")
                .matcher(Files.readString(Path.of("src", "build", "eclipse-formatter.xml")));
        assertTrue(setting.find(), "eclipse-formatter.xml sets lineSplit");
        int width = Integer.parseInt(setting.group(1));
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).codePointCount(0, lines.get(i).length()) > width) {
                        tooLong.add(file + ":" + (i + 1));
                    }
                }
            }
        }
        assertEquals(List.of(), tooLong, "lines longer than " + width + " characters");
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
