package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iiot.gateway.testing.FreePorts;
import io.iiot.gateway.testing.NatsServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures that only show once NATS is there and Camel loads the route files. */
class GatewayMainIT {

    @RegisterExtension
    final NatsServerExtension nats = new NatsServerExtension();

    @Test
    void aBrokenRouteFileExitsNonZeroWithOneLineNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Path broken = Files.writeString(routes.resolve("broken-to-nowhere.camel.yaml"), """
                - route:
                    id: broken-to-nowhere
                    from:
                      uri: direct:in
                      stepz:
                        - log: {message: hello}
                """);
        Files.writeString(dir.resolve("application.properties"), "nats.servers = " + nats.url()
                + "\nhttp.port = " + FreePorts.next()
                + "\ncamel.main.routesIncludePattern = file:" + routes + "/*.camel.yaml\n");
        Files.copy(Path.of("config", "assets.yaml"), dir.resolve("assets.yaml"));
        Files.createDirectories(dir.resolve("jetstream"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = GatewayMain.run(new String[]{"--config", dir.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());

        assertEquals(2, status);
        assertEquals("iiot-nats-gateway: cannot start: Unsupported field: stepz in file:" + broken
                + ", line 6, column 9", err.toString(StandardCharsets.UTF_8).strip());
    }
}
