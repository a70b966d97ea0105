package io.iiot.gateway.command;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;

/**
 * The value of an OPC-UA write command: the request body {@code {"value": 1500}}, converted to the variable's data
 * type (a number to any numeric type it fits, {@code true}/{@code false} to Boolean, a string to String), so that
 * the server gets the type it declared.
 */
public final class CommandValue {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CommandValue() {
    }

    /**
     * The request's {@code value}.
     *
     * @throws IllegalArgumentException when the body is not a JSON object with a number, boolean or string
     *         {@code value}
     */
    public static JsonNode of(byte[] body) {
        JsonNode value;
        try {
            value = JSON.readTree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            value = null;
        }
        JsonNode found = value == null ? null : value.get("value");
        if (found == null || !(found.isNumber() || found.isBoolean() || found.isTextual())) {
            throw new IllegalArgumentException("an OPC-UA write command is {\"value\": <number, boolean or string>}, "
                    + "got " + (body == null ? "nothing" : new String(body, StandardCharsets.UTF_8)));
        }
        return found;
    }

    /**
     * Converts a value to a built-in data type.
     *
     * @throws IllegalArgumentException when it does not fit the type
     */
    public static Object convert(JsonNode value, OpcUaDataType type) {
        if (type == OpcUaDataType.Boolean && value.isBoolean()) {
            return value.booleanValue();
        }
        if (type == OpcUaDataType.String && value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            switch (type) {
                case Double :
                    return value.doubleValue();
                case Float :
                    if (Math.abs(value.doubleValue()) <= Float.MAX_VALUE) {
                        return value.floatValue();
                    }
                    break;
                case SByte :
                case Int16 :
                case Int32 :
                case Int64 :
                case Byte :
                case UInt16 :
                case UInt32 :
                case UInt64 :
                    if (value.isIntegralNumber() || value.canConvertToExactIntegral()) {
                        return integer(value.bigIntegerValue(), type, value);
                    }
                    break;
                default :
                    break;
            }
        }
        throw new IllegalArgumentException(value + " is not a value of the variable's data type " + type);
    }

    private static Object integer(BigInteger number, OpcUaDataType type, JsonNode value) {
        try {
            return switch (type) {
                case SByte -> number.byteValueExact();
                case Int16 -> number.shortValueExact();
                case Int32 -> number.intValueExact();
                case Int64 -> number.longValueExact();
                case Byte -> ubyte(number.longValueExact());
                case UInt16 -> ushort(number.intValueExact());
                case UInt32 -> uint(number.longValueExact());
                default -> ulong(number);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(value + " does not fit the variable's data type " + type);
        }
    }
}
