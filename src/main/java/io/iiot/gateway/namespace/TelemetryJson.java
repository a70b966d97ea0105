package io.iiot.gateway.namespace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Writes {@link TelemetryMessage}s as UTF-8 JSON, the one wire form of the namespace. */
public final class TelemetryJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private TelemetryJson() {
    }

    /** The message as UTF-8 JSON bytes. */
    public static byte[] toBytes(TelemetryMessage message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validated telemetry message always serializes", e);
        }
    }
}
