package io.iiot.gateway.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.asset.Server;
import io.iiot.gateway.asset.Server.SecurityMode;
import io.iiot.gateway.asset.Server.SecurityPolicy;
import io.iiot.gateway.namespace.Token;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveredPlantTest {

    @Test
    void hostileBrowseNamesBecomeOneTokenEach() {
        assertEquals("mill_a__", DiscoveredPlant.token("Mill.A*>"));
        assertEquals("lathe_3", DiscoveredPlant.token("Lathe 3"));
        assertEquals("alert_", DiscoveredPlant.token("Alert"), "a reserved word is never an area or line");
    }

    @Test
    void theYamlIsAModelTheGatewayAcceptsEvenWithCollidingNames(@TempDir Path dir) throws Exception {
        DiscoveredPlant plant = new DiscoveredPlant(new Server(Token.parse("plc-7"), "opc.tcp://plc-7:4840/x",
                SecurityPolicy.BASIC256SHA256, SecurityMode.SIGN, Optional.of("op \"x\"")), "area-1");
        plant.add("Line 1", "Mill.A*>", "ns=2;i=1", "Speed", "ns=2;s=a.speed");
        plant.add("Line 1", "Mill.A*>", "ns=2;i=1", "speed", "ns=2;s=a.speed2");
        plant.add("Line 1", "Mill A", "ns=2;i=2", "Temp \"x\"", "ns=2;s=b\\t");
        Path file = Files.writeString(dir.resolve("assets.yaml"), plant.yaml(250));
        AssetModel model = AssetModel.load(file);
        assertEquals(2, model.machines().size());
        assertTrue(model.variable("mill_a__", "speed-2", "value").isPresent());
        assertEquals(250, model.variable("mill_a", "temp__x_", "value").orElseThrow().samplingIntervalMs(1000));
        Server server = model.servers().get(0);
        assertEquals(SecurityMode.SIGN, server.securityMode());
        assertEquals(Optional.of("op \"x\""), server.username());
        assertEquals("ns=2;s=b\\t", model.variableAt(Token.parse("plc-7"), "ns=2;s=b\\t").orElseThrow().node()
                .orElseThrow());
    }
}
