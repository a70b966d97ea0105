package io.iiot.gateway.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.namespace.Token;
import io.iiot.gateway.simulator.PlantSimulator;
import io.iiot.gateway.testing.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
