package io.iiot.gateway.ops;

import java.util.Map;
import java.util.Objects;

/**
 * What a connection the gateway needs reports about itself for {@code /observe/health}: up or down, a one-line
 * message, and optional details (server URL, session id, last error).
 *
 * @param up true when the connection can be used now
 * @param message one line for an operator, e.g. {@code connected to nats://10.0.0.5:4222}
 * @param details extra facts shown in the health body
 */
public record DependencyState(boolean up, String message, Map<String, Object> details) {

    public DependencyState {
        Objects.requireNonNull(message, "message");
        details = Map.copyOf(details);
    }

    /** The connection works. */
    public static DependencyState up(String message) {
        return new DependencyState(true, message, Map.of());
    }

    /** The connection does not work (now). */
    public static DependencyState down(String message) {
        return new DependencyState(false, message, Map.of());
    }

    /** The same state with one more detail. */
    public DependencyState with(String key, Object value) {
        java.util.HashMap<String, Object> more = new java.util.HashMap<>(details);
        more.put(key, value);
        return new DependencyState(up, message, more);
    }
}
