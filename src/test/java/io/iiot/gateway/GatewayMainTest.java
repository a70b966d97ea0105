package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.testing.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return GatewayMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheOptionsAndCommands() throws Exception {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("Usage: iiot-nats-gateway [-hV] [--config=DIR] [COMMAND]"), out());
        assertTrue(out().contains("--config=DIR") && out().contains("simulate"), out());
    }

    @Test
    void versionNamesTheBuildAndCamel() throws Exception {
        assertEquals(0, run("--version"));
        assertTrue(out().matches("iiot-nats-gateway \\d+\\.\\d+\\.\\d+\\S* \\(Apache Camel 4\\.17\\.0, Java .+\\)\\R"),
                out());
    }

    @Test
    void aMistypedOptionGetsASuggestion() throws Exception {
        assertEquals(2, run("--conifg", "x"));
        assertEquals("iiot-nats-gateway: unknown option '--conifg'; did you mean --config? "
                + "(see iiot-nats-gateway --help)", err().strip());
    }

    @Test
    void aMistypedCommandGetsASuggestion() throws Exception {
        assertEquals(2, run("simulat"));
        assertEquals("iiot-nats-gateway: unknown command 'simulat'; did you mean simulate? "
                + "(see iiot-nats-gateway --help)", err().strip());
    }

    @Test
    void aMissingConfigDirectoryExitsNonZeroWithOneLine(@TempDir Path dir) throws Exception {
        assertEquals(2, run("--config", dir.resolve("missing").toString()));
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().contains("missing: configuration directory does not exist"), err());
    }

    @Test
    void configWithoutADirectoryIsRefused() throws Exception {
        assertEquals(2, run("--config"));
        assertEquals("iiot-nats-gateway: --config: missing value (see iiot-nats-gateway --help)", err().strip());
    }

    @Test
    void anUnknownCommandIsRefused() throws Exception {
        assertEquals(2, run("frobnicate"));
        assertEquals("iiot-nats-gateway: unknown command 'frobnicate' (see iiot-nats-gateway --help)",
                err().strip());
    }

    @Test
    void anUnknownOptionIsRefused() throws Exception {
        assertEquals(2, run("--frobnicate"));
        assertEquals("iiot-nats-gateway: unknown option '--frobnicate' (see iiot-nats-gateway --help)",
                err().strip());
    }

    private static Path config(Path dir, String properties) throws IOException {
        Files.writeString(dir.resolve("application.properties"), properties);
        Files.copy(Path.of("config", "assets.yaml"), dir.resolve("assets.yaml"));
        return dir;
    }

    @Test
    void aBrokenAssetModelExitsNonZeroNamingTheEntry(@TempDir Path dir) throws Exception {
        config(dir, "");
        Files.writeString(dir.resolve("assets.yaml"),
                Files.readString(dir.resolve("assets.yaml")).replaceFirst("area: hall-a", "area: Hall A"));
        assertEquals(2, run("--config", dir.toString()));
        assertEquals("iiot-nats-gateway: " + dir.resolve("assets.yaml").toAbsolutePath()
                + ": machines[0].area: 'Hall A' is not a subject token ([a-z0-9_-]+)", err().strip());
    }

    @Test
    void anUnreachableNatsServerExitsNonZeroWithOneLine(@TempDir Path dir) throws Exception {
        int closedPort = FreePorts.next();
        config(dir, "nats.servers = nats://127.0.0.1:" + closedPort + "\nnats.startup-timeout-seconds = 0\n");
        assertEquals(2, run("--config", dir.toString()));
        assertTrue(err().startsWith("iiot-nats-gateway: " + dir.resolve("application.properties")
                + ": nats.servers: cannot reach NATS at nats://127.0.0.1:" + closedPort + " within 0 s: "), err());
        assertEquals(1, err().lines().count(), err());
    }
}
