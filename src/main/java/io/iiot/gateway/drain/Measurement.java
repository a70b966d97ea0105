package io.iiot.gateway.drain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.iiot.gateway.namespace.UtcTime;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One row of {@code measurements}, in either sink: where the reading comes from (from its subject), what it says
 * (from its body) and which message it was ({@code msg_id}, stream sequence).
 *
 * <p>A number is kept in {@code value}; a boolean in {@code value} as 1 or 0 and in {@code valueText} as
 * {@code true}/{@code false}; a string only in {@code valueText}. Nothing that is not a number is dropped.
 *
 * @param org first subject token
 * @param site second subject token
 * @param area third
 * @param line fourth
 * @param machine fifth
 * @param sensor sixth
 * @param metric the remaining tokens, dotted
 * @param ts the source timestamp
 * @param value the numeric value, or null for a string
 * @param valueText the value as text for booleans and strings, null for numbers
 * @param unit engineering unit, may be empty
 * @param quality {@code good}, {@code uncertain} or {@code bad}
 * @param msgId the message id
 * @param streamSequence the sequence of the message in the stream
 */
public record Measurement(String org, String site, String area, String line, String machine, String sensor,
        String metric, Instant ts, Double value, String valueText, String unit, String quality, String msgId,
        long streamSequence) {

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private static final List<String> QUALITIES = List.of("good", "uncertain", "bad");
    /** Telemetry subjects have at least seven tokens: org, site, area, line, machine, sensor, metric... */
    private static final int MIN_TOKENS = 7;

    /**
     * Reads a drained message.
     *
     * @throws IllegalArgumentException naming the problem when the subject is not a telemetry subject or the body
     *         not a telemetry message (no timestamp, no value, not JSON)
     */
    public static Measurement of(DrainMessage message) {
        String[] tokens = subjectTokens(message.subject());
        Body body = Body.parse(message.data());
        return new Measurement(tokens[0], tokens[1], tokens[2], tokens[3], tokens[4], tokens[5], tokens[6], body.ts,
                body.value, body.valueText, body.unit, body.quality, message.messageId(), message.streamSequence());
    }

    /** The six leading tokens of a telemetry subject and its metric (the remaining tokens, dotted). */
    private static String[] subjectTokens(String subject) {
        String[] tokens = new String[MIN_TOKENS];
        int start = 0;
        for (int i = 0; i < MIN_TOKENS - 1; i++) {
            int dot = subject.indexOf('.', start);
            if (dot <= start) {
                throw notTelemetry(subject);
            }
            tokens[i] = subject.substring(start, dot);
            start = dot + 1;
        }
        String metric = subject.substring(start);
        if (metric.isEmpty() || metric.endsWith(".") || metric.startsWith(".") || metric.contains("..")) {
            throw notTelemetry(subject);
        }
        tokens[MIN_TOKENS - 1] = metric;
        return tokens;
    }

    private static IllegalArgumentException notTelemetry(String subject) {
        return new IllegalArgumentException("'" + subject + "' is not a telemetry subject");
    }

    /** The UTC day of {@link #ts}: the Cassandra partition's time bucket. */
    public LocalDate day() {
        return LocalDate.ofEpochDay(Math.floorDiv(ts.getEpochSecond(), 86_400));
    }

    /** The subject this row was published on. */
    public String subject() {
        return org + "." + site + "." + area + "." + line + "." + machine + "." + sensor + "." + metric;
    }

    /** The fields of a telemetry body the sinks store; everything else in it is ignored. */
    private static final class Body {
        Instant ts;
        Double value;
        String valueText;
        String unit = "";
        String quality = "good";
        boolean hasValue;

        static Body parse(byte[] data) {
            Body body = new Body();
            try (JsonParser parser = JSON.createParser(data)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("body is not a JSON object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken token = parser.nextToken();
                    switch (field) {
                        case "value" -> body.readValue(parser, token);
                        case "timestamp" -> body.ts = parseTime(text(parser, token, field));
                        case "unit" -> body.unit = token == JsonToken.VALUE_NULL ? "" : text(parser, token, field);
                        case "quality" -> body.quality = quality(parser, token);
                        default -> parser.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("body is not valid JSON: " + firstLine(e.getMessage()));
            }
            if (body.ts == null) {
                throw new IllegalArgumentException("body has no timestamp");
            }
            if (!body.hasValue) {
                throw new IllegalArgumentException("body has no value");
            }
            return body;
        }

        private void readValue(JsonParser parser, JsonToken token) throws IOException {
            hasValue = true;
            switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> value = parser.getDoubleValue();
                case VALUE_TRUE, VALUE_FALSE -> {
                    value = token == JsonToken.VALUE_TRUE ? 1.0 : 0.0;
                    valueText = Boolean.toString(token == JsonToken.VALUE_TRUE);
                }
                case VALUE_STRING -> valueText = parser.getText();
                default -> throw new IllegalArgumentException("value is not a number, boolean or string");
            }
            if (value != null && !Double.isFinite(value)) {
                throw new IllegalArgumentException("value is not a finite number");
            }
        }

        private static String text(JsonParser parser, JsonToken token, String field) throws IOException {
            if (token != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(field + " is not a string");
            }
            return parser.getText();
        }

        /** The quality, as one of the usual constants when it is one (no new string per message). */
        private static String quality(JsonParser parser, JsonToken token) throws IOException {
            if (token == JsonToken.VALUE_STRING) {
                for (String quality : QUALITIES) {
                    if (is(quality, parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())) {
                        return quality;
                    }
                }
            }
            return text(parser, token, "quality");
        }

        private static boolean is(String text, char[] chars, int offset, int length) {
            if (text.length() != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (text.charAt(i) != chars[offset + i]) {
                    return false;
                }
            }
            return true;
        }

        private static Instant parseTime(String text) {
            try {
                return UtcTime.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("timestamp '" + text + "' is not ISO-8601 UTC");
            }
        }

        private static String firstLine(String text) {
            return text == null ? "" : text.lines().findFirst().orElse("");
        }
    }
}
