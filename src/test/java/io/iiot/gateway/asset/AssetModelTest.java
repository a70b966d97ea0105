package io.iiot.gateway.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.ConfigException;
import io.iiot.gateway.namespace.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetModelTest {

    private static final String PLANT = """
            servers:
              - id: plc-7
                endpoint-url: opc.tcp://plc-7:4840
                security-policy: Basic256Sha256
                security-mode: Sign
                username: operator
            machines:
              - id: cnc-001
                area: hall-a
                line: line-1
                server: plc-7
                attributes: {vendor: "DMG Mori"}
                command: {node: "ns=2;s=cnc-001/command"}
                variables:
                  - node: "ns=2;s=cnc-001/spindle/vibration_rms"
                    sensor: spindle
                    metric: vibration.rms
                    unit: mm/s
                    sampling-interval-ms: 100
                    deadband: {percent: 2.0, min: 0, max: 20}
                    alert: {high: 8.0, low: 0.5, hysteresis: 0.2}
                  - node: "ns=2;s=cnc-001/machine/state"
                    sensor: machine
                    metric: state
                    operational-state: true
              - id: press-9
                area: hall-b
                line: line-2
                variables:
                  - sensor: hydraulics
                    metric: pressure
                    unit: bar
                    deadband: {absolute: 0.5}
            """;

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("assets.yaml"), yaml);
    }

    private String error(String yaml) throws IOException {
        Path file = write(yaml);
        String message = assertThrows(ConfigException.class, () -> AssetModel.load(file)).getMessage();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith(file + ": "), message);
        return message.substring(file.toString().length() + 2);
    }

    @Test
    void theShippedModelIsTheSimulatorsPlant() {
        AssetModel model = AssetModel.load(Path.of("config", "assets.yaml"));
        assertEquals(List.of("cnc-001", "cnc-002", "cnc-003"),
                model.machines().stream().map(m -> m.id().toString()).toList());
        Server server = model.servers().get(0);
        assertEquals(server.id(), model.machines().get(0).server().orElseThrow());
        assertTrue(model.variableAt(server.id(), "ns=2;s=cnc-003/coolant/temperature").isPresent());
    }

    @Test
    void aVariableIsFoundByMachineSensorAndMetric() throws IOException {
        AssetModel model = AssetModel.load(write(PLANT));
        Variable vibration = model.variable("cnc-001", "spindle", "vibration.rms").orElseThrow();
        assertEquals("mm/s", vibration.unit());
        assertEquals(100, vibration.samplingIntervalMs(1000));
        assertEquals(0.4, vibration.deadband().orElseThrow().width(), 1e-9);
        assertEquals(8.0, vibration.alert().orElseThrow().high().getAsDouble());
        assertFalse(model.variable("cnc-001", "spindle", "vibration").isPresent());
    }

    @Test
    void aMachineWithoutServerHasVariablesWithoutNodes() throws IOException {
        AssetModel model = AssetModel.load(write(PLANT));
        Variable pressure = model.variable("press-9", "hydraulics", "pressure").orElseThrow();
        assertTrue(pressure.node().isEmpty());
        assertEquals(1000, pressure.samplingIntervalMs(1000), "the default applies when none is named");
        assertTrue(model.machine(Token.parse("press-9")).orElseThrow().server().isEmpty());
    }

    @Test
    void serverSecurityUserAndPasswordVariableAreRead() throws IOException {
        Server server = AssetModel.load(write(PLANT)).servers().get(0);
        assertEquals(Server.SecurityPolicy.BASIC256SHA256, server.securityPolicy());
        assertEquals(Server.SecurityMode.SIGN, server.securityMode());
        assertEquals("operator", server.username().orElseThrow());
        assertEquals("OPCUA_PASSWORD_PLC_7", server.passwordVariable());
    }

    @Test
    void theMachineCarriesItsCommandNodeAttributesAndStateVariable() throws IOException {
        Machine machine = AssetModel.load(write(PLANT)).machine(Token.parse("cnc-001")).orElseThrow();
        assertEquals("ns=2;s=cnc-001/command", machine.command().orElseThrow().node().orElseThrow());
        assertEquals("DMG Mori", machine.attributes().get("vendor"));
        assertEquals(List.of(false, true), machine.variables().stream().map(Variable::operationalState).toList());
        assertEquals("acme.munich.alert.hall-a.line-1.cnc-001",
                machine.alertSubject(Token.parse("acme"), Token.parse("munich")));
    }

    @Test
    void anInvalidTokenIsReportedWithFileEntryAndProblem() throws IOException {
        assertEquals("machines[1].variables[0].metric: 'Vib RMS' is not a subject token ([a-z0-9_-]+)",
                error(PLANT.replace("metric: pressure", "metric: Vib RMS")));
    }

    @Test
    void aReservedAreaIsRefused() throws IOException {
        assertEquals("machines[0].area: 'alert' is reserved for non-telemetry subjects",
                error(PLANT.replace("area: hall-a", "area: alert")));
    }

    @Test
    void aMissingFieldIsNamed() throws IOException {
        assertEquals("machines[1].line: is missing", error(PLANT.replace("    line: line-2\n", "")));
    }

    @Test
    void anUnknownKeyIsNamed() throws IOException {
        assertTrue(error(PLANT.replace("sampling-interval-ms: 100", "sampling-interval: 100"))
                .startsWith("machines[0].variables[0].sampling-interval: unknown key (expected one of ["));
    }

    @Test
    void aMachineOnAnUnknownServerIsRefused() throws IOException {
        assertEquals("machines[0].server: 'plc-8' is not one of the servers [plc-7]",
                error(PLANT.replace("server: plc-7", "server: plc-8")));
    }

    @Test
    void aNodeWithoutAServerIsRefused() throws IOException {
        assertEquals("machines[1].variables[0].node: needs the machine's server (machines[].server)",
                error(PLANT.replace("  - sensor: hydraulics", "  - node: \"ns=2;s=x\"\n        sensor: hydraulics")));
    }

    @Test
    void aNodeListedTwiceOnOneServerIsRefused() throws IOException {
        assertEquals("machines[0].variables[1].node: 'ns=2;s=cnc-001/spindle/vibration_rms' on server 'plc-7' is "
                + "listed twice",
                error(PLANT.replace("ns=2;s=cnc-001/machine/state", "ns=2;s=cnc-001/spindle/vibration_rms")));
    }

    @Test
    void aMetricListedTwiceOnAMachineIsRefused() throws IOException {
        assertEquals("machines[0].variables[1].metric: sensor 'spindle' already has metric 'vibration.rms' on this "
                + "machine",
                error(PLANT.replace("sensor: machine\n        metric: state",
                        "sensor: spindle\n        metric: vibration.rms")));
    }

    @Test
    void aDeadbandNeedsExactlyOneKindAndARange() throws IOException {
        assertEquals("machines[1].variables[0].deadband: needs exactly one of absolute or percent",
                error(PLANT.replace("{absolute: 0.5}", "{}")));
        assertEquals("machines[0].variables[0].deadband: max must be greater than min, got [0.0, 0.0]",
                error(PLANT.replace("min: 0, max: 20", "min: 0, max: 0")));
    }

    @Test
    void alertLimitsMustBeOrdered() throws IOException {
        assertEquals("machines[0].variables[0].alert: high (0.4) must be greater than low (0.5)",
                error(PLANT.replace("high: 8.0", "high: 0.4")));
    }

    @Test
    void securityPolicyAndModeMustFit() throws IOException {
        assertTrue(error(PLANT.replace("security-mode: Sign", "security-mode: None"))
                .startsWith("servers[0].security-mode: security policy Basic256Sha256 cannot be used with mode None"));
        assertEquals("servers[0].security-policy: 'Basic128' is not a supported security policy (None, Basic256Sha256)",
                error(PLANT.replace("security-policy: Basic256Sha256", "security-policy: Basic128")));
    }

    @Test
    void aCommandNamesOneTarget() throws IOException {
        String command = "command: {node: \"ns=2;s=cnc-001/command\"}";
        assertEquals("machines[0].command: a command names one target: mqtt-topic, node or method",
                error(PLANT.replace(command, "command: {node: \"n\", mqtt-topic: \"t\"}")));
        assertEquals("machines[0].command: method needs object, the node id of the object the method belongs to",
                error(PLANT.replace(command, "command: {method: \"ns=2;s=cnc-001/reset\"}")));
        assertEquals("machines[0].command: object goes with method only",
                error(PLANT.replace(command, "command: {node: \"n\", object: \"o\"}")));
        assertEquals("machines[1].command: an OPC-UA command needs the machine's server",
                error(PLANT.replace("    line: line-2\n", "    line: line-2\n    command: {node: \"n\"}\n")));
    }

    @Test
    void aBadSamplingIntervalIsNamed() throws IOException {
        assertEquals("machines[0].variables[0].sampling-interval-ms: '0' is not a whole number of milliseconds > 0",
                error(PLANT.replace("sampling-interval-ms: 100", "sampling-interval-ms: 0")));
    }

    @Test
    void brokenYamlIsReportedInOneLine() throws IOException {
        assertTrue(error("machines: [\n  - {").startsWith("cannot be read as YAML"));
    }

    @Test
    void theMqttSectionIsLeftToTheMqttIngest() throws IOException {
        assertEquals(2, AssetModel.load(write(PLANT + "mqtt:\n  anything: here\n")).machines().size());
    }
}
