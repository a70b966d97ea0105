package io.iiot.gateway.command;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.junit.jupiter.api.Test;

class CommandValueTest {

    private static JsonNode value(String body) {
        return CommandValue.of(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNumberBecomesTheVariablesNumericType() {
        assertEquals(1500.0, CommandValue.convert(value("{\"value\": 1500}"), OpcUaDataType.Double));
        assertEquals(2.5f, CommandValue.convert(value("{\"value\": 2.5}"), OpcUaDataType.Float));
        assertEquals(1500, CommandValue.convert(value("{\"value\": 1500.0}"), OpcUaDataType.Int32));
        assertEquals(ushort(65535), CommandValue.convert(value("{\"value\": 65535}"), OpcUaDataType.UInt16));
        assertEquals(true, CommandValue.convert(value("{\"value\": true}"), OpcUaDataType.Boolean));
        assertEquals("AUTO", CommandValue.convert(value("{\"value\": \"AUTO\"}"), OpcUaDataType.String));
    }

    @Test
    void aValueThatDoesNotFitTheTypeIsRefusedBeforeItIsSent() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CommandValue.convert(value("{\"value\": -1}"), OpcUaDataType.UInt16)).getMessage()
                .contains("does not fit the variable's data type UInt16"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CommandValue.convert(value("{\"value\": 1.5}"), OpcUaDataType.Int32)).getMessage()
                .contains("is not a value of the variable's data type Int32"));
        assertThrows(IllegalArgumentException.class,
                () -> CommandValue.convert(value("{\"value\": \"1\"}"), OpcUaDataType.Double));
    }

    @Test
    void aWriteCommandIsAnObjectWithAValue() {
        for (String body : new String[]{"", "1500", "{\"setpoint\": 1}", "{\"value\": null}", "{\"value\": [1]}",
                "not json"}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> value(body)).getMessage()
                    .startsWith("an OPC-UA write command is {\"value\""), body);
        }
    }
}
