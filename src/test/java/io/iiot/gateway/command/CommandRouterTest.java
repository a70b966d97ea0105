package io.iiot.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.asset.AssetModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRouterTest {

    @TempDir
    Path dir;

    private CommandRouter router;

    @BeforeEach
    void model() throws IOException {
        Path file = dir.resolve("assets.yaml");
        Files.writeString(file, """
                machines:
                  - id: cnc-001
                    area: hall-a
                    line: line-1
                    command: {mqtt-topic: "plant/{machine}/command"}
                  - id: cnc-002
                    area: hall-a
                    line: line-1
                  - id: cnc-003
                    area: hall-a
                    line: line-2
                    server: plc
                    command: {node: "ns=2;s=cnc-003/command/speed_setpoint"}
                  - id: cnc-004
                    area: hall-a
                    line: line-2
                    server: plc
                    command: {method: "ns=2;s=cnc-004/reset", object: "ns=2;s=cnc-004"}
                servers:
                  - id: plc
                    endpoint-url: opc.tcp://127.0.0.1:4840/plant
                """);
        router = new CommandRouter(AssetModel.load(file), "acme", "munich");
    }

    private String refusal(String subject) {
        return assertThrows(IllegalArgumentException.class, () -> router.target(subject)).getMessage();
    }

    @Test
    void aMachinesCommandTopicIsItsTarget() {
        assertEquals(new CommandTarget("cnc-001", "mqtt", "plant/cnc-001/command"),
                router.target("acme.munich.command.hall-a.line-1.cnc-001"));
    }

    @Test
    void aMachinesCommandVariableOrMethodIsItsTarget() {
        assertEquals(new CommandTarget("cnc-003", "opcua-write", "ns=2;s=cnc-003/command/speed_setpoint"),
                router.target("acme.munich.command.hall-a.line-2.cnc-003"));
        assertEquals(new CommandTarget("cnc-004", "opcua-call", "ns=2;s=cnc-004/reset"),
                router.target("acme.munich.command.hall-a.line-2.cnc-004"));
    }

    @Test
    void aMachineInAnotherPlaceIsNotTheOneAddressed() {
        assertTrue(refusal("acme.munich.command.hall-b.line-1.cnc-001").contains("no machine cnc-001 in area hall-b"));
    }

    @Test
    void aMachineWithoutCommandEntryTakesNoCommands() {
        assertTrue(refusal("acme.munich.command.hall-a.line-1.cnc-002").contains("takes no commands"));
    }

    @Test
    void otherSubjectsAreNotCommands() {
        assertTrue(refusal("acme.berlin.command.hall-a.line-1.cnc-001").contains("is not a command subject"));
        assertTrue(refusal("acme.munich.command.hall-a.cnc-001").contains("a command subject is"));
    }

    @Test
    void repliesSayWhatHappened() {
        assertEquals("{\"status\":\"accepted\",\"machine\":\"cnc-001\",\"target\":\"mqtt\",\"address\":\"t\"}",
                new String(router.accepted(new CommandTarget("cnc-001", "mqtt", "t")), StandardCharsets.UTF_8));
        assertEquals("{\"status\":\"rejected\",\"error\":\"no\"}",
                new String(router.rejected(new IllegalArgumentException("no")), StandardCharsets.UTF_8));
        assertEquals("{\"status\":\"rejected\",\"error\":\"out\",\"opcua_status\":\"Bad_OutOfRange\"}",
                new String(router.rejected(new CommandRefusedException("out", "Bad_OutOfRange")),
                        StandardCharsets.UTF_8));
    }
}
