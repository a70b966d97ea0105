package io.iiot.gateway.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.opcua.OpcUaNormalizer;
import io.iiot.gateway.pipeline.AlertDetector;
import io.iiot.gateway.pipeline.DeadbandFilter;
import io.iiot.gateway.pipeline.MachineSettings;
import io.iiot.gateway.pipeline.TelemetryEnricher;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.ExchangeBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Route tests as data: every {@code src/test/resources/cases/<route-id>/*.yaml} runs the route of that id, as
 * camel-main loads it from {@code routes/} and {@code kamelets/}, with its source replaced by the case's input and
 * the NATS-facing beans replaced by recorders, and checks what would have been published. Every other route is
 * loaded too (the error handling and the dead-letter route take part), with its source made idle.
 * {@code docs/testing-routes.md} shows how to add a case.
 */
class RouteCasesTest {

    /** Route files whose beans talk to a broker or NATS at creation; integration tests cover them. */
    private static final java.util.Set<String> NEEDS_SERVERS = java.util.Set.of("mqtt-to-jetstream.camel.yaml",
            "commands-to-machines.camel.yaml");

    private static final Path CASES = Path.of("src", "test", "resources", "cases");
    private static final String INPUT = "direct:case-input";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicNode> everyCaseOfEveryRoute() throws IOException {
        try (Stream<Path> routes = Files.list(CASES)) {
            return routes.filter(Files::isDirectory).sorted().<DynamicNode>map(dir -> {
                String routeId = dir.getFileName().toString();
                try (Stream<Path> files = Files.list(dir)) {
                    List<DynamicNode> cases = files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                            .map(file -> (DynamicNode) dynamicTest(file.getFileName().toString(),
                                    () -> run(routeId, RouteCase.read(file))))
                            .toList();
                    return dynamicContainer(routeId, cases);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList().stream();
        }
    }

    private static void run(String routeId, RouteCase routeCase) throws Exception {
        Properties properties = properties(routeCase.environment());
        String org = properties.getProperty("gateway.org");
        String site = properties.getProperty("gateway.site");
        Recorders recorders = new Recorders(org, site);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setOverrideProperties(properties);
            camel.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets");
            camel.getRegistry().bind("jetStreamPublisher", recorders.new TelemetryRecorder());
            camel.getRegistry().bind("deadLetterPublisher", recorders.new DeadLetterRecorder());
            AssetModel assets = AssetModel.load(Path.of("config", "assets.yaml"));
            camel.getRegistry().bind("opcUaNormalizer", new OpcUaNormalizer(assets, org, site));
            MachineSettings settings = new MachineSettings(assets);
            camel.getRegistry().bind("telemetryEnricher", new TelemetryEnricher(settings));
            camel.getRegistry().bind("deadbandFilter", new DeadbandFilter(settings));
            camel.getRegistry().bind("alertDetector", new AlertDetector(settings));
            camel.getRegistry().bind("alertPublisher", recorders.new AlertRecorder());
            camel.getRegistry().bind("machineStates", recorders.new StateRecorder());
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                // the MQTT and command routes need a broker and a NATS connection, the drains their databases'
                // beans: their integration tests cover them (a drain loads when it is the route under test)
                for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml"))
                        .filter(f -> !NEEDS_SERVERS.contains(f.getFileName().toString()))
                        .filter(f -> !f.getFileName().toString().startsWith("jetstream-to-")
                                || f.getFileName().toString().equals(routeId + ".camel.yaml"))
                        .sorted().toList()) {
                    PluginHelper.getRoutesLoader(camel)
                            .loadRoutes(ResourceHelper.resolveResource(camel, "file:" + file.toAbsolutePath()));
                }
            }
            List<String> ids = camel.getRouteDefinitions().stream().map(RouteDefinition::getRouteId).toList();
            assertTrue(ids.contains(routeId), routeCase.file() + ": no route '" + routeId + "' in routes/ " + ids);
            for (RouteDefinition route : List.copyOf(camel.getRouteDefinitions())) {
                String id = route.getRouteId();
                if (id.equals(routeId)) {
                    AdviceWith.adviceWith(camel, id, a -> a.replaceFromWith(INPUT));
                } else if (!route.getInput().getEndpointUri().startsWith("direct:")) {
                    AdviceWith.adviceWith(camel, id, a -> a.replaceFromWith("direct:idle-" + id));
                }
            }
            camel.start();
            camel.createProducerTemplate().send(INPUT, exchange(camel, routeCase.input()));
        }
        check(routeCase, recorders.published, org, site);
    }

    /** The jar's defaults, the shipped site configuration, fast retries, then the case's own environment. */
    private static Properties properties(Map<String, String> environment) throws IOException {
        Properties properties = new Properties();
        try (InputStream defaults = RouteCasesTest.class.getResourceAsStream("/application.properties")) {
            properties.load(defaults);
        }
        try (Reader site = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            properties.load(site);
        }
        properties.setProperty("gateway.redelivery.delay-ms", "1");
        // the drains start only where their database is configured (DrainConfiguration sets these)
        properties.setProperty("greenplum.enabled", "false");
        properties.setProperty("cassandra.enabled", "false");
        properties.putAll(environment);
        return properties;
    }

    private static Exchange exchange(DefaultCamelContext camel, JsonNode input) throws Exception {
        ExchangeBuilder exchange = ExchangeBuilder.anExchange(camel);
        RouteCase.strings(input.path("headers")).forEach(exchange::withHeader);
        RouteCase.strings(input.path("properties")).forEach(exchange::withProperty);
        if (input.has("body")) {
            exchange.withBody(input.get("body").asText());
        }
        if (input.has("json")) {
            exchange.withBody(JSON.writeValueAsString(input.get("json")));
        }
        if (input.has("opcua")) {
            opcUa(exchange, input.get("opcua"));
        }
        if (input.has("failure")) {
            JsonNode failure = input.get("failure");
            String message = failure.path("message").asText("failed");
            exchange.withProperty(Exchange.EXCEPTION_CAUGHT, failure.has("reason")
                    ? new RejectedReadingException(
                            DeadLetterReason.valueOf(failure.get("reason").asText().toUpperCase(Locale.ROOT)), message)
                    : new IOException(message));
        }
        return exchange.build();
    }

    /** What the opcua-source kamelet hands to a route: a DataValue, its endpoint, node and source. */
    private static void opcUa(ExchangeBuilder exchange, JsonNode opcua) {
        String server = opcua.path("server").asText("plant-sim");
        String endpoint = opcua.path("endpoint").asText("opc.tcp://127.0.0.1:4840/plant");
        String node = opcua.path("node").asText();
        JsonNode value = opcua.path("value");
        Object raw = value.isNumber()
                ? (Object) value.asDouble()
                : value.isBoolean()
                        ? value.asBoolean()
                        : value.asText();
        StatusCode status = switch (opcua.path("status").asText("good")) {
            case "good" -> StatusCode.GOOD;
            case "uncertain" -> StatusCode.UNCERTAIN;
            case "bad" -> StatusCode.BAD;
            default -> throw new IllegalArgumentException("status is good, uncertain or bad");
        };
        DateTime time = opcua.has("sourceTime") ? new DateTime(Instant.parse(opcua.get("sourceTime").asText())) : null;
        DataValue dataValue = new DataValue(new Variant(raw), status, time, time);
        exchange.withBody(dataValue).withHeader("OpcUaServer", server).withHeader("OpcUaEndpoint", endpoint)
                .withHeader("OpcUaNode", node)
                .withHeader("GatewaySource", "opcua:" + endpoint + "|" + node)
                .withProperty("GatewayOriginal", dataValue);
    }

    private static void check(RouteCase routeCase, List<Published> published, String org, String site)
            throws IOException {
        JsonNode expect = routeCase.expect();
        String where = routeCase.file() + ": ";
        int count = expect.path("count").asInt(expect.path("nothing").asBoolean() ? 0 : 1);
        assertEquals(count, published.size(), where + "messages published: " + published);
        if (count == 0) {
            return;
        }
        Published message = published.get(0);
        if (expect.has("dlq_reason")) {
            String reason = expect.get("dlq_reason").asText();
            assertEquals(org + "." + site + ".dlq." + reason, message.subject(), where + "dead-letter subject");
            assertEquals(reason, message.headers().get("Gateway-Dlq-Reason"), where + "dead-letter reason");
        }
        if (expect.has("subject")) {
            assertEquals(expect.get("subject").asText(), message.subject(), where + "subject");
        }
        RouteCase.strings(expect.path("headers_equal")).forEach((name, value) -> assertEquals(value,
                message.headers().get(name), where + "header " + name));
        if (expect.has("body_equals")) {
            assertEquals(expect.get("body_equals").asText(), message.body(), where + "body");
        }
        if (expect.has("json_equals")) {
            assertEquals(expect.get("json_equals"), JSON.readTree(message.body()), where + "JSON body");
        }
        if (expect.has("json_contains")) {
            assertContains(expect.get("json_contains"), JSON.readTree(message.body()), where + "JSON body ");
        }
    }

    private static void assertContains(JsonNode expected, JsonNode actual, String where) {
        if (!expected.isObject()) {
            assertTrue(expected.isNumber() && actual.isNumber()
                    ? expected.asDouble() == actual.asDouble()
                    : expected.equals(actual), where + ": expected " + expected + " but was " + actual);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            assertTrue(actual.has(field.getKey()), where + field.getKey() + " is missing from " + actual);
            assertContains(field.getValue(), actual.get(field.getKey()), where + field.getKey());
        }
    }
}
