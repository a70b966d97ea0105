package io.iiot.gateway.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.asset.Server;
import io.iiot.gateway.asset.Server.SecurityMode;
import io.iiot.gateway.asset.Server.SecurityPolicy;
import io.iiot.gateway.namespace.Token;
import io.iiot.gateway.simulator.PlantSimulator;
import io.iiot.gateway.testing.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code discover} against the plant simulator: its output is a model the gateway loads as it is. */
class DiscoverCommandIT {

    @Test
    void discoverPrintsAModelOfEveryVariableThatTheGatewayAccepts(@TempDir Path dir) throws Exception {
        try (PlantSimulator plant = PlantSimulator.builder().machines(3).port(FreePorts.next()).build()) {
            plant.start();
            StringWriter out = new StringWriter();
            CommandLine command = new CommandLine(new DiscoverCommand()).setOut(new PrintWriter(out));
            assertEquals(0, command.execute(plant.endpointUrl(), "--sampling-interval-ms", "200", "--server-id",
                    "plant-sim"));
            AssetModel model = AssetModel.load(Files.writeString(dir.resolve("assets.yaml"), out.toString()));
            assertEquals(3, model.machines().size());
            assertEquals(plant.itemCount(), model.machines().stream().mapToInt(m -> m.variables().size()).sum());
            assertEquals(200, model.variableAt(Token.parse("plant-sim"), plant.nodeId("cnc-002", "motor/current"))
                    .orElseThrow().samplingIntervalMs(1000));
            assertEquals("plant", model.machines().get(0).line().toString());
        }
    }

    @Test
    void discoverLogsInOverBasic256Sha256OnceTheServerIsTrustedAndWritesTheSecurityIntoTheModel(@TempDir Path dir)
            throws Exception {
        try (PlantSimulator plant = PlantSimulator.builder().machines(1).port(FreePorts.next()).secure(true)
                .user("operator", "s3cret").build()) {
            plant.start();
            Path pki = dir.resolve("pki");
            String[] args = {plant.endpointUrl(), "--server-id", "press-line", "--security-policy", "Basic256Sha256",
                    "--username", "operator", "--certificate-dir", dir.resolve("client").toString(), "--trust-dir",
                    pki.toString()};

            StringWriter err = new StringWriter();
            assertEquals(1, discover(new StringWriter(), err, Map.of("OPCUA_PASSWORD_PRESS_LINE", "s3cret"), args));
            assertTrue(err.toString().contains(pki.resolve("rejected").toString()), err::toString);
            Path rejected;
            try (Stream<Path> files = Files.walk(pki.resolve("rejected"))) {
                rejected = files.filter(Files::isRegularFile).findFirst().orElseThrow();
            }
            Files.move(rejected, pki.resolve("trusted/certs").resolve(rejected.getFileName()));

            assertEquals(2, discover(new StringWriter(), new StringWriter(), Map.of(), args),
                    "no password in the environment");
            StringWriter out = new StringWriter();
            assertEquals(0, discover(out, err, Map.of("OPCUA_PASSWORD_PRESS_LINE", "s3cret"), args), err::toString);
            AssetModel model = AssetModel.load(Files.writeString(dir.resolve("assets.yaml"), out.toString()));
            Server server = model.servers().get(0);
            assertEquals(SecurityPolicy.BASIC256SHA256, server.securityPolicy());
            assertEquals(SecurityMode.SIGN_AND_ENCRYPT, server.securityMode());
            assertEquals(Optional.of("operator"), server.username());
            assertEquals(plant.itemCount(), model.machines().get(0).variables().size());
        }
    }

    private static int discover(StringWriter out, StringWriter err, Map<String, String> environment,
            String... args) {
        DiscoverCommand command = new DiscoverCommand();
        command.environment = environment;
        return new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }
}
