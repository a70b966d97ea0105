package io.iiot.gateway.mqtt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MQTT 5 metadata of a received message, and the NATS headers it becomes on every message published from it.
 *
 * <p>User properties keep their names and values ({@code line: 4} becomes the header {@code line: 4}); the content
 * type becomes {@code Mqtt-Content-Type}, the correlation data {@code Mqtt-Correlation-Data} (base64, it is binary),
 * the response topic {@code Mqtt-Response-Topic}, a message expiry {@code Mqtt-Expires} (ISO-8601), a retained
 * message {@code Mqtt-Retained: true}, and the topic {@code Mqtt-Topic}. A device cannot set the headers NATS or
 * the gateway interpret: a user property named {@code Nats-…}, {@code Gateway-…} or {@code Mqtt-…} (any case) gets
 * the prefix {@code Mqtt-User-}. Characters a NATS header name cannot hold become {@code _}; values are one line of
 * at most {@value #MAX_VALUE} characters.
 *
 * @param topic the topic
 * @param userProperties name and value of each user property, in order (names may repeat)
 * @param contentType the content type, or null
 * @param correlationData the correlation data, or null
 * @param responseTopic the response topic, or null
 * @param expiresAt when the message expires (arrival plus the expiry interval the broker sent), or null
 * @param retained whether the broker sent a retained message
 */
public record MqttMetadata(String topic, List<Map.Entry<String, String>> userProperties, String contentType,
        byte[] correlationData, String responseTopic, Instant expiresAt, boolean retained) {

    /** Longest header value kept; longer values are cut. */
    public static final int MAX_VALUE = 1024;

    public MqttMetadata {
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    /** The NATS headers, name to values, in order. */
    public Map<String, List<String>> natsHeaders() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> property : userProperties) {
            add(headers, userHeaderName(property.getKey()), property.getValue());
        }
        add(headers, "Mqtt-Topic", topic);
        if (contentType != null) {
            add(headers, "Mqtt-Content-Type", contentType);
        }
        if (correlationData != null) {
            add(headers, "Mqtt-Correlation-Data", Base64.getEncoder().encodeToString(correlationData));
        }
        if (responseTopic != null) {
            add(headers, "Mqtt-Response-Topic", responseTopic);
        }
        if (expiresAt != null) {
            add(headers, "Mqtt-Expires", expiresAt.toString());
        }
        if (retained) {
            add(headers, "Mqtt-Retained", "true");
        }
        return headers;
    }

    private static String userHeaderName(String name) {
        StringBuilder mapped = new StringBuilder();
        name.codePoints().forEach(c -> mapped.append(c > 32 && c < 127 && c != ':' ? (char) c : '_'));
        String header = mapped.isEmpty() ? "_" : mapped.toString();
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("nats-") || lower.startsWith("gateway-") || lower.startsWith("mqtt-")) {
            header = "Mqtt-User-" + header;
        }
        return header.length() <= 128 ? header : header.substring(0, 128);
    }

    /** Line breaks (a run of CR and LF) become one space; most values have none, so nothing is copied. */
    private static String oneLine(String value) {
        if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        StringBuilder line = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean lineBreak = c == '\r' || c == '\n';
            if (!lineBreak) {
                line.append(c);
            } else if (i == 0 || (value.charAt(i - 1) != '\r' && value.charAt(i - 1) != '\n')) {
                line.append(' ');
            }
        }
        return line.toString();
    }

    private static void add(Map<String, List<String>> headers, String name, String value) {
        String line = value == null ? "" : oneLine(value);
        headers.computeIfAbsent(name, n -> new ArrayList<>())
                .add(line.length() <= MAX_VALUE ? line : line.substring(0, MAX_VALUE));
    }
}
