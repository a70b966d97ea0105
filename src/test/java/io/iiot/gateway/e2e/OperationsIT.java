package io.iiot.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.simulator.PlantSimulator;
import io.iiot.gateway.testing.FreePorts;
import io.iiot.gateway.testing.MqttBrokerExtension;
import io.iiot.gateway.testing.NatsServerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway jar's HTTP port as an operator uses it, against real servers (nats-server, mosquitto, the plant
 * simulator):
 * {@code /observe/health} follows NATS going away and coming back, {@code /observe/metrics} has the series of the
 * operations guide and they move while readings flow, and the console and its Jolokia refuse whoever is not
 * logged in. One gateway serves the whole class.
 */
class OperationsIT {

    static final String USER = "operator";
    static final String PASSWORD = "correct-horse-" + System.nanoTime();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    /** The shipped configuration ingests MQTT too: health is UP only with its broker there. */
    @RegisterExtension
    static final MqttBrokerExtension BROKER = new MqttBrokerExtension();

    @TempDir
    static Path site;

    static PlantSimulator plant;
    static GatewayProcess gateway;
    static String base;

    @BeforeAll
    static void startGateway() throws Exception {
        plant = PlantSimulator.builder().machines(1).port(FreePorts.next()).updateInterval(Duration.ofMillis(100))
                .build();
        plant.start();
        Path config = GatewayProcess.copyTree(Path.of("config"), site.resolve("config"));
        // the shipped asset model, pointed at this test's simulator
        Path assets = config.resolve("assets.yaml");
        Files.writeString(assets,
                Files.readString(assets).replace("opc.tcp://127.0.0.1:4840/plant", plant.endpointUrl()));
        Path routes = GatewayProcess.copyTree(Path.of("routes"), site.resolve("routes"));
        int port = FreePorts.next();
        base = "http://127.0.0.1:" + port;
        gateway = GatewayProcess.start(config, Map.of(
                "NATS_SERVERS", NATS.url(),
                "MQTT_BROKER_URL", BROKER.url(),
                "OPCUA_SAMPLING_INTERVAL_MS", "100",
                "OPCUA_CERTIFICATE_DIR", config.resolve("client").toString(),
                "OPCUA_TRUST_DIR", config.resolve("pki").toString(),
                "CAMEL_MAIN_ROUTESINCLUDEPATTERN", "file:" + routes + "/*.camel.yaml",
                "HTTP_PORT", Integer.toString(port),
                "HAWTIO_USER", USER,
                "HAWTIO_PASSWORD", PASSWORD));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    assertTrue(gateway.isAlive(), () -> "gateway exited:\n" + gateway.output());
                    return get("/observe/health").statusCode() == 200;
                });
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (plant != null) {
            plant.close();
        }
    }

    static HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode natsCheck(JsonNode health) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("id").asText().equals("nats:" + NATS.url())) {
                return check;
            }
        }
        throw new AssertionError("no NATS check in " + health);
    }

    /** The sum of a series' samples whose labels contain every one of {@code labels}. */
    private static double metric(String scrape, String name, String... labels) {
        double sum = 0;
        boolean found = false;
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
        while (line.find()) {
            String labelText = line.group(1) == null ? "" : line.group(1);
            if (Stream.of(labels).allMatch(labelText::contains)) {
                sum += Double.parseDouble(line.group(2));
                found = true;
            }
        }
        assertTrue(found, () -> name + " with " + String.join(",", labels) + " is not in the scrape");
        return sum;
    }

    @Test
    void healthGoesDownNamingNatsWhenItStopsAndUpWhenItReturns() throws Exception {
        HttpResponse<String> up = get("/observe/health");
        assertEquals(200, up.statusCode(), up.body());
        assertEquals("application/json", up.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals("UP", natsCheck(JSON.readTree(up.body())).path("state").asText());

        NATS.server().stop();
        try {
            HttpResponse<String> down = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get("/observe/health"), r -> r.statusCode() == 503);
            JsonNode body = JSON.readTree(down.body());
            assertEquals("DOWN", body.path("status").asText());
            assertEquals("DOWN", natsCheck(body).path("state").asText());
            assertTrue(natsCheck(body).path("message").asText().startsWith("NATS connection is "), down.body());
        } finally {
            NATS.server().start();
        }
        HttpResponse<String> back = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/observe/health"), r -> r.statusCode() == 200);
        assertEquals("UP", natsCheck(JSON.readTree(back.body())).path("state").asText());
    }

    @Test
    void metricsCountRouteExchangesAndJetStreamPublishesAsReadingsFlow() throws Exception {
        HttpResponse<String> first = get("/observe/metrics");
        assertEquals(200, first.statusCode());
        assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String route = "routeId=\"opcua-to-jetstream\"";
        double exchanges = metric(first.body(), "camel_exchanges_total", route);
        double publishes = metric(first.body(), "gateway_jetstream_publish_seconds_count", "outcome=\"acknowledged\"");
        metric(first.body(), "gateway_jetstream_pending");
        metric(first.body(), "camel_exchanges_failed_total", route);

        for (int i = 1; i <= 5; i++) {
            plant.setValue("cnc-001", "spindle/vibration_rms", 10.0 + i);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            String later = get("/observe/metrics").body();
            assertTrue(metric(later, "camel_exchanges_total", route) > exchanges, "route exchanges move");
            assertTrue(metric(later, "gateway_jetstream_publish_seconds_count", "outcome=\"acknowledged\"") > publishes,
                    "publish latency count moves");
            assertTrue(metric(later, "gateway_jetstream_publish_seconds_sum", "outcome=\"acknowledged\"") > 0);
        });
    }

    @Test
    void theConsoleAndItsJolokiaRefuseWhoeverIsNotLoggedIn() throws Exception {
        assertEquals(401, get("/hawtio/jolokia/version").statusCode());
        int wrongPassword = get("/hawtio/jolokia/version", "Authorization", basic(USER, "wrong")).statusCode();
        assertTrue(wrongPassword == 401 || wrongPassword == 403, "refused: " + wrongPassword);
        HttpResponse<String> read = get("/hawtio/jolokia/read/java.lang:type=Runtime/Uptime",
                "Authorization", basic(USER, PASSWORD));
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(200, JSON.readTree(read.body()).path("status").asInt(), read.body());
    }

    @Test
    void jolokiaRefusesWritesAndCamelOperationsThatChangeWhatTheGatewayDoes() throws Exception {
        String auth = basic(USER, PASSWORD);
        JsonNode send = JSON.readTree(get("/hawtio/jolokia/exec/org.apache.camel:context=iiot-nats-gateway,"
                + "type=context,name=%22iiot-nats-gateway%22/"
                + "sendBody(java.lang.String,java.lang.Object)/direct:dead-letter/x",
                "Authorization", auth).body());
        assertEquals(403, send.path("status").asInt(), send.toString());
        JsonNode write = JSON.readTree(get("/hawtio/jolokia/write/java.lang:type=Memory/Verbose/true",
                "Authorization", auth).body());
        assertEquals(403, write.path("status").asInt(), write.toString());
        JsonNode dump = JSON.readTree(get("/hawtio/jolokia/exec/org.apache.camel:context=iiot-nats-gateway,"
                + "type=routes,name=%22opcua-to-jetstream%22/dumpRouteAsXml()", "Authorization", auth).body());
        assertEquals(200, dump.path("status").asInt(), dump.toString());
        assertFalse(dump.path("value").asText().isEmpty());
    }

    @Test
    void anOperatorLogsInToTheConsoleAndFindsTheGatewaysRoutes() throws Exception {
        try (Browser browser = Browser.start()) {
            browser.open(base + "/hawtio/");
            browser.logIn(USER, PASSWORD);
            browser.open(base + "/hawtio/camel/routes");
            // the Camel tree: context, then its routes folder, whose page is the routes table with live counters
            browser.click("routes");
            for (String route : new String[]{"opcua-to-jetstream", "dead-letter-to-jetstream"}) {
                browser.awaitText(route);
            }
            browser.screenshot(Path.of("target", "hawtio-routes.png"));
        }
    }
}
