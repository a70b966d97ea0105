package io.iiot.gateway.cases;

import static java.util.stream.Collectors.joining;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.iiot.gateway.InProcessGateway;
import io.iiot.gateway.jetstream.Arrival;
import io.iiot.gateway.mqtt.MqttIngestModel;
import io.iiot.gateway.mqtt.TopicMapping;
import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.opcua.OpcUaNormalizer;
import io.iiot.gateway.opcua.OpcUaValue;
import io.iiot.gateway.testing.MqttBrokerExtension;
import io.iiot.gateway.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.ExchangeBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Route tests as data: every {@code src/test/resources/cases/<route-id>/*.yaml} runs the route of that id in the
 * gateway as it starts in production (camel-main, every configuration class, the shipped {@code config/}, the
 * routes and kamelets from disk) against a real nats-server and mosquitto, and checks what comes out where people
 * downstream see it: NATS subjects, MQTT topics, request replies, and the rows a drain hands to its database.
 * Only what a case cannot drive for real is replaced: an OPC-UA source by {@code direct:case-input}, a drain's
 * database by a recorder at its sink bean. {@code docs/testing-routes.md} shows how to add a case.
 */
class RouteCasesTest {

    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @RegisterExtension
    static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

    /** Loaded with every route: the pipeline and the error handling that the route under test may hand over to. */
    private static final List<String> SHARED = List.of("error-handling", "dead-letter-to-jetstream",
            "telemetry-to-jetstream");
    private static final Path CASES = Path.of("src", "test", "resources", "cases");
    private static final String INPUT = "direct:case-input";
    /** Generous: the build machine is shared and often loaded. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TestFactory
    Stream<DynamicNode> everyCaseOfEveryRoute() throws IOException {
        try (Stream<Path> routes = Files.list(CASES)) {
            // -Dcases=<route-id>[,<route-id>...] runs the cases of those routes only
            List<String> only = List.of(System.getProperty("cases", "").split(","));
            return routes.filter(Files::isDirectory)
                    .filter(dir -> only.equals(List.of("")) || only.contains(dir.getFileName().toString())).sorted()
                    .<DynamicNode>map(dir -> {
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
        assertTrue(Files.exists(Path.of("routes", routeId + ".camel.yaml")),
                routeCase.file() + ": no file routes/" + routeId + ".camel.yaml");
        try (Connection nats = Nats.connect(NATS.url())) {
            emptyStreams(nats);
            MqttClient mqtt = new MqttClient(MQTT.url(), "case-observer-" + RUNS.incrementAndGet(),
                    new MemoryPersistence());
            mqtt.connect();
            String clientId = "case-gateway-" + RUNS.incrementAndGet();
            if (routeCase.has("mqtt")) {
                resumableSession(routeCase.configDir(), clientId);
            }
            try (Observed observed = new Observed(nats);
                    InProcessGateway gateway = new InProcessGateway(routeCase.configDir(),
                            overrides(routeId, routeCase, clientId))) {
                observed.watch(mqtt);
                gateway.start();
                CamelContext camel = gateway.camel();
                for (String sink : List.of("greenplum", "cassandra")) {
                    camel.getRegistry().unbind(sink + "Sink");
                    camel.getRegistry().bind(sink + "Sink", observed.sink(sink));
                }
                createDisabledRoutes(camel);
                String input = input(camel, routeId);
                for (Route route : camel.getRoutes()) {
                    camel.getRouteController().startRoute(route.getRouteId());
                }
                await().atMost(WAIT).until(() -> camel.getRoutes().stream().allMatch(
                        r -> camel.getRouteController().getRouteStatus(r.getRouteId()) == ServiceStatus.Started));
                NotifyBuilder done = new NotifyBuilder(camel).fromCurrentRoute(routeId)
                        .whenDone(routeCase.inputs().size()).create();
                for (JsonNode in : routeCase.inputs()) {
                    send(camel, nats, mqtt, observed, input, in);
                }
                if (routeCase.has("mqtt")) {
                    assertTrue(done.matches(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                            routeCase.file() + ": the route did not finish with its input; so far " + observed);
                }
                if (routeCase.has("jetstream")) {
                    try {
                        awaitSettled(nats);
                    } catch (ConditionTimeoutException e) {
                        throw new AssertionError(routeCase.file() + ": the drain did not settle its messages; so far "
                                + observed, e);
                    }
                }
                check(routeCase, observed, camel);
            } finally {
                mqtt.disconnect();
                mqtt.close();
            }
        }
    }

    /** The shipped configuration with the test's servers, only the routes this case needs, and nothing started. */
    private static Map<String, String> overrides(String routeId, RouteCase routeCase, String clientId) {
        Set<String> files = new TreeSet<>(SHARED);
        files.add(routeId);
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("nats.servers", NATS.url());
        overrides.put("mqtt.broker-url", MQTT.url());
        overrides.put("mqtt.client-id", clientId);
        overrides.put("gateway.role", "all");
        overrides.put("camel.main.routesIncludePattern",
                files.stream().map(f -> "file:routes/" + f + ".camel.yaml").collect(joining(",")));
        overrides.put("camel.main.autoStartup", "false");
        overrides.put("http.port", "0");
        overrides.put("hawtio.enabled", "false");
        overrides.put("gateway.routes-reload", "false");
        overrides.put("gateway.redelivery.delay-ms", "1");
        overrides.put("nats.drain.nak-delay-ms", "100");
        overrides.putAll(routeCase.environment());
        return overrides;
    }

    /**
     * Creates the gateway's MQTT session with its subscriptions before the gateway connects, as a restarted gateway
     * finds it: the broker then keeps the case's messages for the gateway however late its client subscribes.
     */
    private static void resumableSession(Path configDir, String clientId) throws Exception {
        MqttClient session = new MqttClient(MQTT.url(), clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(600L);
        session.connect(options);
        for (TopicMapping topic : MqttIngestModel.load(configDir.resolve("assets.yaml")).topics()) {
            session.subscribe(topic.subscription(), topic.qos());
        }
        session.disconnect();
        session.close();
    }

    /** Every case starts from empty streams and no consumers: the drains then see only the case's messages. */
    private static void emptyStreams(Connection nats) throws Exception {
        JetStreamManagement jetStream = nats.jetStreamManagement();
        for (String stream : jetStream.getStreamNames()) {
            for (String consumer : jetStream.getConsumerNames(stream)) {
                jetStream.deleteConsumer(stream, consumer);
            }
            jetStream.purgeStream(stream);
        }
    }

    /**
     * Creates the routes Camel left out because their {@code autoStartup} is off: a drain whose database is not
     * configured (its sink is the recorder here).
     */
    private static void createDisabledRoutes(CamelContext camel) throws Exception {
        ModelCamelContext model = (ModelCamelContext) camel;
        for (RouteDefinition route : List.copyOf(model.getRouteDefinitions())) {
            if (camel.getRoute(route.getRouteId()) == null) {
                model.removeRouteDefinition(route);
                route.setAutoStartup("true");
                model.addRouteDefinition(route);
            }
        }
    }

    /**
     * Where the case's direct inputs go: the route's own {@code direct:} source, or {@code direct:case-input} in place
     * of a source the case cannot drive (an OPC-UA server); the kamelet routes of a replaced source are removed.
     */
    private static String input(CamelContext camel, String routeId) throws Exception {
        ModelCamelContext model = (ModelCamelContext) camel;
        RouteDefinition route = model.getRouteDefinition(routeId);
        assertTrue(route != null, "no route '" + routeId + "' in routes/" + routeId + ".camel.yaml");
        String from = route.getInput().getEndpointUri();
        if (from.startsWith("direct:") || from.startsWith("nats:") || from.startsWith("jetstream:")
                || from.startsWith("kamelet:mqtt-")) {
            return from;
        }
        String kamelet = from.replaceFirst("^kamelet:", "").replaceFirst("[?/].*", "") + "-";
        List<String> kameletRoutes = camel.getRoutes().stream()
                .filter(r -> r.isCreatedByKamelet() && r.getRouteId().startsWith(kamelet)).map(Route::getRouteId)
                .toList();
        AdviceWith.adviceWith(camel, routeId, advice -> advice.replaceFromWith(INPUT));
        for (String kameletRoute : kameletRoutes) {
            camel.getRouteController().stopRoute(kameletRoute);
            camel.removeRoute(kameletRoute);
        }
        return INPUT;
    }

    private static void send(CamelContext camel, Connection nats, MqttClient mqtt, Observed observed, String input,
            JsonNode in) throws Exception {
        if (in.has("mqtt")) {
            JsonNode message = in.get("mqtt");
            String topic = message.path("topic").asText();
            observed.inputs.add(topic);
            MqttMessage publish = new MqttMessage(body(message));
            publish.setQos(1);
            MqttProperties properties = new MqttProperties();
            List<UserProperty> userProperties = new ArrayList<>();
            RouteCase.strings(message.path("user_properties"))
                    .forEach((name, value) -> userProperties.add(new UserProperty(name, value)));
            properties.setUserProperties(userProperties);
            publish.setProperties(properties);
            mqtt.publish(topic, publish);
        } else if (in.has("request")) {
            JsonNode request = in.get("request");
            String subject = request.path("subject").asText();
            observed.inputs.add(subject);
            // right after start the gateway's MQTT client may not be connected yet: a requester asks again
            String reply = await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                Message answer = nats.request(NatsMessage.builder().subject(subject).data(body(request)).build(),
                        WAIT);
                return answer == null ? "" : new String(answer.getData(), StandardCharsets.UTF_8);
            }, answer -> !answer.contains("MQTT client is not connected"));
            observed.replies.add(reply);
        } else if (in.has("jetstream")) {
            JsonNode message = in.get("jetstream");
            String subject = message.path("subject").asText();
            observed.inputs.add(subject);
            Headers headers = new Headers();
            RouteCase.strings(message.path("headers")).forEach(headers::put);
            nats.jetStream().publish(
                    NatsMessage.builder().subject(subject).headers(headers).data(body(message)).build());
        } else {
            camel.createProducerTemplate().send(input, exchange(camel, input, in));
        }
    }

    /** {@code body} as text, or {@code json} written as JSON. */
    private static byte[] body(JsonNode message) throws IOException {
        return message.has("json")
                ? Observed.JSON.writeValueAsBytes(message.get("json"))
                : message.path("body").asText().getBytes(StandardCharsets.UTF_8);
    }

    private static Exchange exchange(CamelContext camel, String input, JsonNode in) throws Exception {
        ExchangeBuilder exchange = ExchangeBuilder.anExchange(camel);
        RouteCase.strings(in.path("headers")).forEach(exchange::withHeader);
        RouteCase.strings(in.path("properties")).forEach(exchange::withProperty);
        if (in.has("body")) {
            exchange.withBody(in.get("body").asText());
        }
        if (in.has("json")) {
            exchange.withBody(Observed.JSON.writeValueAsString(in.get("json")));
        }
        if (in.has("opcua")) {
            opcUa(camel, exchange, in.get("opcua"), !input.equals(INPUT));
        }
        if (in.has("failure")) {
            JsonNode failure = in.get("failure");
            String message = failure.path("message").asText("failed");
            exchange.withProperty(Exchange.EXCEPTION_CAUGHT, failure.has("reason")
                    ? new RejectedReadingException(
                            DeadLetterReason.valueOf(failure.get("reason").asText().toUpperCase(Locale.ROOT)), message)
                    : new IOException(message));
        }
        return exchange.build();
    }

    /**
     * What the opcua-source kamelet hands to a route: a notification of one value (its server, endpoint, node and
     * DataValue), with the value as it arrived for the dead-letter queue. To a route whose source is {@code direct:}
     * (the shared pipeline), the batch as the gateway's OPC-UA normalizer makes it.
     */
    private static void opcUa(CamelContext camel, ExchangeBuilder exchange, JsonNode opcua, boolean normalized) {
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
        OpcUaValue change = new OpcUaValue(server, endpoint, node, new DataValue(new Variant(raw), status, time, time));
        if (normalized) {
            exchange.withBody(camel.getRegistry().lookupByNameAndType("opcUaNormalizer", OpcUaNormalizer.class)
                    .normalize(List.of(change)));
            return;
        }
        exchange.withBody(List.of(change))
                .withProperty("GatewayOriginal", List.of(new Arrival(change.source(), change.value())));
    }

    /** Until every durable consumer has settled (acknowledged or terminated) every message of its stream. */
    private static void awaitSettled(Connection nats) throws Exception {
        JetStreamManagement jetStream = nats.jetStreamManagement();
        await().atMost(WAIT).until(() -> {
            List<String> consumers = jetStream.getConsumerNames("TELEMETRY");
            for (String name : consumers) {
                ConsumerInfo info = jetStream.getConsumerInfo("TELEMETRY", name);
                if (info.getNumPending() > 0 || info.getNumAckPending() > 0
                        || info.getDelivered().getStreamSequence() < jetStream.getStreamInfo("TELEMETRY")
                                .getStreamState().getLastSequence()) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void check(RouteCase routeCase, Observed observed, CamelContext camel) throws Exception {
        JsonNode expect = routeCase.expect();
        String where = routeCase.file() + ": ";
        List<JsonNode> messages = expected(expect, "messages", "subject", "dlq_reason", "json_equals", "json_contains",
                "headers_equal", "body_equals");
        int count = expect.path("count").asInt(messages.size());
        List<JsonNode> mqtt = expected(expect, "mqtt");
        List<JsonNode> rows = expected(expect, "rows");
        try {
            await().atMost(WAIT).until(() -> observed.nats.size() >= count && observed.mqtt().size() >= mqtt.size()
                    && observed.rows.size() >= rows.size());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(where + "expected " + count + " NATS messages, " + mqtt.size()
                    + " MQTT messages and " + rows.size() + " rows within " + WAIT + "; got " + observed, e);
        }
        observed.flush();
        assertEquals(count, observed.nats.size(), where + "NATS messages published: " + observed.nats);
        for (int i = 0; i < messages.size(); i++) {
            checkMessage(messages.get(i), observed.nats.get(i), camel, where + "message " + (i + 1) + ": ");
        }
        assertEquals(mqtt.size(), observed.mqtt().size(), where + "MQTT messages published: " + observed.mqtt());
        for (int i = 0; i < mqtt.size(); i++) {
            checkMessage(mqtt.get(i), observed.mqtt().get(i), camel, where + "MQTT message " + (i + 1) + ": ");
        }
        if (expect.has("reply")) {
            assertEquals(1, observed.replies.size(), where + "replies: " + observed.replies);
            checkBody(expect.get("reply"), observed.replies.get(0), where + "reply: ");
        }
        assertEquals(rows.size(), observed.rows.size(), where + "rows written: " + observed.rows);
        for (int i = 0; i < rows.size(); i++) {
            checkBody(rows.get(i), observed.rows.get(i), where + "row " + (i + 1) + ": ");
        }
    }

    /** {@code expect.field} as a list, or {@code expect} itself when it has one of {@code keys}. */
    private static List<JsonNode> expected(JsonNode expect, String field, String... keys) {
        List<JsonNode> list = new ArrayList<>();
        if (expect.has(field)) {
            JsonNode value = expect.get(field);
            if (value.isArray()) {
                value.forEach(list::add);
            } else {
                list.add(value);
            }
        } else if (Stream.of(keys).anyMatch(expect::has)) {
            list.add(expect);
        }
        return list;
    }

    private static void checkMessage(JsonNode expect, Published message, CamelContext camel, String where)
            throws IOException {
        if (expect.has("dlq_reason")) {
            String reason = expect.get("dlq_reason").asText();
            String prefix = camel.resolvePropertyPlaceholders("{{gateway.org}}.{{gateway.site}}.dlq.");
            assertEquals(prefix + reason, message.subject(), where + "dead-letter subject");
            assertEquals(reason, message.headers().get("Gateway-Dlq-Reason"), where + "dead-letter reason");
        }
        for (String subject : List.of("subject", "topic")) {
            if (expect.has(subject)) {
                assertEquals(expect.get(subject).asText(), message.subject(), where + subject);
            }
        }
        RouteCase.strings(expect.path("headers_equal")).forEach((name, value) -> assertEquals(
                camel.resolvePropertyPlaceholders(value), message.headers().get(name),
                where + "header " + name + " of " + message.headers()));
        checkBody(expect, message.body(), where);
    }

    private static void checkBody(JsonNode expect, String body, String where) throws IOException {
        if (expect.has("body_equals")) {
            assertEquals(expect.get("body_equals").asText(), body, where + "body");
        }
        if (expect.has("json_equals")) {
            assertEquals(expect.get("json_equals"), Observed.JSON.readTree(body), where + "JSON body");
        }
        if (expect.has("json_contains")) {
            assertContains(expect.get("json_contains"), Observed.JSON.readTree(body), where + "JSON body ");
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
