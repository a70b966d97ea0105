package io.iiot.gateway.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.InProcessGateway;
import io.iiot.gateway.testing.FreePorts;
import io.iiot.gateway.testing.NatsServerExtension;
import io.iiot.gateway.testing.PostgresServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.util.backoff.BackOffTimer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The supervising route controller, with the gateway as it starts in production against a real nats-server and
 * PostgreSQL: a drain whose stream does not exist yet cannot start its JetStream consumer. The gateway starts
 * anyway, retries the route with growing delays, reports it DOWN in {@code /observe/health} meanwhile, and starts
 * it by itself once the stream exists.
 */
class SupervisedRestartIT {

    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @RegisterExtension
    static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

    private static final String ROUTE = "jetstream-to-greenplum";
    /** Generous: the build machine is shared and often loaded. */
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRouteWhoseSourceCannotStartIsRetriedWithBackOffAndReportedDownUntilItRuns() throws Exception {
        int port = FreePorts.next();
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("nats.servers", NATS.url());
        overrides.put("gateway.role", "cloud");
        overrides.put("camel.main.routesIncludePattern", "file:routes/error-handling.camel.yaml,"
                + "file:routes/dead-letter-to-jetstream.camel.yaml,file:routes/" + ROUTE + ".camel.yaml");
        // a stream the operator has not created yet
        overrides.put("nats.drain.stream", "ARCHIVE");
        overrides.put("greenplum.jdbc-url", POSTGRES.jdbcUrl());
        overrides.put("greenplum.username", POSTGRES.user());
        overrides.put("greenplum.dialect", "postgres");
        overrides.put("http.host", FreePorts.LOOPBACK);
        overrides.put("http.port", String.valueOf(port));
        overrides.put("hawtio.enabled", "false");
        overrides.put("gateway.routes-reload", "false");
        overrides.put("camel.routecontroller.backOffDelay", "500");
        overrides.put("camel.routecontroller.backOffMaxDelay", "4000");

        try (InProcessGateway gateway = new InProcessGateway(Path.of("config"), overrides).start();
                Connection nats = Nats.connect(NATS.url())) {
            SupervisingRouteController controller = gateway.camel().getRouteController()
                    .adapt(SupervisingRouteController.class);
            await().atMost(WAIT).until(() -> attempts(controller) >= 3);
            BackOffTimer.Task retries = controller.getRestartingRouteState(ROUTE);
            assertTrue(retries.getCurrentDelay() > 500, "the delay grows: " + retries.getCurrentDelay() + " ms");
            assertTrue(String.valueOf(controller.getRestartException(ROUTE)).contains("ARCHIVE"),
                    "the reason names the stream: " + controller.getRestartException(ROUTE));

            HttpResponse<String> restarting = health(port);
            assertEquals(503, restarting.statusCode(), restarting.body());
            assertEquals("DOWN", check(restarting, "route:" + ROUTE).path("state").asText(), restarting.body());
            assertEquals("UP", check(restarting, "nats:" + NATS.url()).path("state").asText(),
                    "the rest of the gateway runs: " + restarting.body());

            nats.jetStreamManagement().addStream(StreamConfiguration.builder().name("ARCHIVE")
                    .subjects("archive.>").build());
            await().atMost(WAIT).until(() -> gateway.camel().getRouteController()
                    .getRouteStatus(ROUTE) == ServiceStatus.Started);
            await().atMost(WAIT).until(() -> "UP".equals(check(health(port), "route:" + ROUTE).path("state")
                    .asText()));
            // the running drain reports how far behind it is
            await().atMost(WAIT).until(() -> get(port, "/observe/metrics").body()
                    .contains("gateway_consumer_lag{consumer=\"greenplum-drain\"} 0.0"));
        }
    }

    private static long attempts(SupervisingRouteController controller) {
        BackOffTimer.Task task = controller.getRestartingRouteState(ROUTE);
        return task == null ? 0 : task.getCurrentAttempts();
    }

    private HttpResponse<String> health(int port) throws Exception {
        return get(port, "/observe/health");
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The check of that id in a health answer, or a missing node. */
    private static JsonNode check(HttpResponse<String> health, String id) throws Exception {
        for (JsonNode check : JSON.readTree(health.body()).path("checks")) {
            if (id.equals(check.path("id").asText())) {
                return check;
            }
        }
        return JSON.missingNode();
    }
}
