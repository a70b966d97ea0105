package io.iiot.gateway.mqtt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.Quality;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.UtcTime;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads MQTT payloads into readings, before they are placed in the namespace.
 *
 * <p>Format {@link PayloadFormat#READING}: a JSON object {@code {"value":…, "unit":…, "timestamp":…, "quality":…}}
 * (only {@code value} is required), or a bare value: a JSON number, string, {@code true}/{@code false}, or text that
 * is neither (taken as a string). Format {@link PayloadFormat#MULTI_METRIC}: {@code {"_id":…, "timestamp":…,
 * "loc":[lon,lat], "context":…, "items":{"name":value,…}}}, one reading per item, with {@code longitude},
 * {@code latitude} and {@code context} as attributes.
 *
 * <p>A timestamp is an ISO-8601 text with an offset ({@code 2026-02-15T10:00:00.123Z}) or a number of
 * milliseconds since the epoch. A payload that cannot be read is rejected with a reason: {@code too_large},
 * {@code bad_encoding} (not UTF-8), {@code not_json}, {@code bad_payload} (JSON of the wrong shape),
 * {@code bad_value}, {@code bad_timestamp}.
 */
public final class MqttPayloads {

    private static final ObjectMapper JSON = JsonMapper.builder()
            // NaN and Infinity are read, then refused as bad_value like any non-finite number
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Reads one field's value inside a streamed object (what follows it is not trailing garbage). */
    private static final ObjectReader FIELD = JSON.readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> READING_FIELDS = Set.of("value", "unit", "timestamp", "quality");

    private final int maxBytes;

    /** @param maxBytes the largest payload accepted; larger ones are rejected ({@code too_large}) */
    public MqttPayloads(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("mqtt.max-payload-bytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    /**
     * One value read from a payload.
     *
     * @param item the item name of a multi-metric message, null for a single reading
     * @param value a {@link Double}, {@link Long}, {@link java.math.BigInteger}, {@link Boolean} or {@link String}
     * @param unit the unit the payload gave, or null
     * @param timestamp the payload's timestamp, or null when it had none
     * @param quality the payload's quality, good when it gave none
     * @param device the device id of a multi-metric message ({@code _id}), or null
     * @param attributes attributes from the payload (multi-metric: longitude, latitude, context)
     */
    public record Reading(String item, Object value, String unit, Instant timestamp, Quality quality, String device,
            Map<String, String> attributes) {
    }

    /**
     * @throws RejectedReadingException naming the reason when the payload cannot be read
     */
    public List<Reading> read(byte[] payload, PayloadFormat format) {
        if (payload == null) {
            payload = new byte[0];
        }
        if (payload.length > maxBytes) {
            throw new RejectedReadingException(DeadLetterReason.TOO_LARGE,
                    "payload of " + payload.length + " bytes is larger than mqtt.max-payload-bytes=" + maxBytes);
        }
        checkUtf8(payload);
        return format == PayloadFormat.READING ? List.of(reading(payload)) : multiMetric(payload);
    }

    /**
     * Reads the JSON from the bytes as they arrived (Jackson decodes UTF-8 itself): no string of the payload is
     * made, which halves what reading a 1 KB payload costs.
     */
    private static Reading reading(byte[] payload) {
        byte first = firstNonBlank(payload);
        if (first != '{' && first != '[' && first != '"') {
            return new Reading(null, bareValue(new String(payload, StandardCharsets.UTF_8).strip()), null, null,
                    Quality.GOOD, null, Map.of());
        }
        if (first != '{') {
            JsonNode node = parse(payload);
            if (node.isTextual()) {
                return new Reading(null, node.asText(), null, null, Quality.GOOD, null, Map.of());
            }
            throw new RejectedReadingException(DeadLetterReason.BAD_PAYLOAD,
                    "a reading is a JSON object or a bare value");
        }
        // streamed: only the four fields are read into values; the rest of a 1 KB payload is skipped (still
        // checked to be JSON), which keeps the cost per message small
        Map<String, JsonNode> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(payload)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (READING_FIELDS.contains(name)) {
                    fields.put(name, FIELD.readValue(parser));
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new RejectedReadingException(DeadLetterReason.NOT_JSON, "payload has more after its JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new RejectedReadingException(DeadLetterReason.NOT_JSON,
                    "payload is not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
        if (!fields.containsKey("value")) {
            throw new RejectedReadingException(DeadLetterReason.BAD_PAYLOAD, "the reading has no \"value\"");
        }
        JsonNode unit = fields.get("unit");
        if (unit != null && !unit.isNull() && !unit.isValueNode()) {
            throw new RejectedReadingException(DeadLetterReason.BAD_PAYLOAD, "\"unit\" is not a single value");
        }
        return new Reading(null, value(fields.get("value"), "value"), unit == null || unit.isNull()
                ? null
                : unit.asText(), timestamp(fields.get("timestamp")), quality(fields.get("quality")), null, Map.of());
    }

    private static List<Reading> multiMetric(byte[] payload) {
        JsonNode node = parse(payload);
        if (!node.isObject()) {
            throw new RejectedReadingException(DeadLetterReason.BAD_PAYLOAD, "a multi-metric message is a JSON object");
        }
        JsonNode items = node.get("items");
        if (items == null || !items.isObject() || items.isEmpty()) {
            throw new RejectedReadingException(DeadLetterReason.BAD_PAYLOAD,
                    "\"items\" is missing, empty or not an object");
        }
        Instant timestamp = timestamp(node.get("timestamp"));
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode loc = node.get("loc");
        if (loc != null && !loc.isNull()) {
            if (!loc.isArray() || loc.size() != 2 || !loc.get(0).isNumber() || !loc.get(1).isNumber()) {
                throw new RejectedReadingException(DeadLetterReason.BAD_PAYLOAD,
                        "\"loc\" is not [longitude, latitude]");
            }
            attributes.put("longitude", loc.get(0).decimalValue().toPlainString());
            attributes.put("latitude", loc.get(1).decimalValue().toPlainString());
        }
        String context = optionalText(node, "context");
        if (context != null) {
            attributes.put("context", context);
        }
        String device = optionalText(node, "_id");
        List<Reading> readings = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = items.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> item = it.next();
            readings.add(new Reading(item.getKey(), value(item.getValue(), "items." + item.getKey()), null,
                    timestamp, Quality.GOOD, device, attributes));
        }
        return readings;
    }

    private static void checkUtf8(byte[] payload) {
        if (ascii(payload)) {
            // the common case, and valid UTF-8 as it is: no decoder needed
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload));
        } catch (CharacterCodingException e) {
            throw new RejectedReadingException(DeadLetterReason.BAD_ENCODING, "payload is not valid UTF-8");
        }
    }

    /** The first byte that is not ASCII white space, or 0 for a blank payload. */
    private static byte firstNonBlank(byte[] payload) {
        for (byte b : payload) {
            if (b < 0 || !Character.isWhitespace(b)) {
                return b;
            }
        }
        return 0;
    }

    private static boolean ascii(byte[] payload) {
        for (byte b : payload) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode parse(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || node.isMissingNode()) {
                throw new RejectedReadingException(DeadLetterReason.NOT_JSON, "payload is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new RejectedReadingException(DeadLetterReason.NOT_JSON,
                    "payload is not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
    }

    private static Object bareValue(String text) {
        if (text.isEmpty()) {
            throw new RejectedReadingException(DeadLetterReason.BAD_VALUE, "payload is empty");
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        if (text.matches("[-+]?(NaN|Infinity)")) {
            throw new RejectedReadingException(DeadLetterReason.BAD_VALUE, "payload is not a finite number: " + text);
        }
        if (text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            if (text.matches("[-+]?\\d{1,18}")) {
                return Long.parseLong(text);
            }
            return number(new BigDecimal(text.replaceAll("^\\+", "")), text);
        }
        return text;
    }

    private static Object value(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            throw new RejectedReadingException(DeadLetterReason.BAD_VALUE, "\"" + name + "\" is null");
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            if (node.isDouble() || node.isFloat()) {
                // only NaN and Infinity arrive as double with USE_BIG_DECIMAL_FOR_FLOATS
                throw new RejectedReadingException(DeadLetterReason.BAD_VALUE,
                        "\"" + name + "\" is not a finite number");
            }
            return number(node.decimalValue(), name);
        }
        throw new RejectedReadingException(DeadLetterReason.BAD_VALUE,
                "\"" + name + "\" is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                        + ", not a number, boolean or string");
    }

    private static Object number(BigDecimal decimal, String name) {
        double value = decimal.doubleValue();
        if (!Double.isFinite(value)) {
            throw new RejectedReadingException(DeadLetterReason.BAD_VALUE, "\"" + name + "\" is not a finite number");
        }
        return value;
    }

    private static Instant timestamp(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            try {
                String text = node.textValue();
                // UTC (…Z), the common case, read by hand; any other offset by the JDK
                return text.endsWith("Z") ? UtcTime.parse(text) : OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new RejectedReadingException(DeadLetterReason.BAD_TIMESTAMP,
                        "\"timestamp\" is not ISO-8601 with an offset: " + abbreviate(node.textValue()));
            }
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        throw new RejectedReadingException(DeadLetterReason.BAD_TIMESTAMP,
                "\"timestamp\" is neither ISO-8601 text nor epoch milliseconds");
    }

    private static Quality quality(JsonNode node) {
        if (node == null || node.isNull()) {
            return Quality.GOOD;
        }
        for (Quality quality : Quality.values()) {
            if (quality.json().equals(node.asText().toLowerCase(Locale.ROOT)) && node.isTextual()) {
                return quality;
            }
        }
        throw new RejectedReadingException(DeadLetterReason.BAD_VALUE, "\"quality\" is good, uncertain or bad, not "
                + abbreviate(node.toString()));
    }

    private static String optionalText(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new RejectedReadingException(DeadLetterReason.BAD_PAYLOAD, "\"" + name + "\" is not a single value");
        }
        return value.asText();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
